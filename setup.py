"""Package list for setuptools; all other metadata lives in pyproject.toml.

The top-level ``resources/`` folder is installed as the package ``agent_desk_resources`` so that
:mod:`importlib.resources` finds icons, stylesheets, fonts and catalog data in a source checkout,
a wheel and a frozen bundle alike (see ``agent_desk/resources.py``). ``packages.find`` in
pyproject.toml cannot express that rename, hence this file. Folders without ``__init__.py``
(migrations, resource folders) are namespace packages, found by ``find_namespace_packages``.
"""

from setuptools import find_namespace_packages, setup

EXCLUDE = ["*.__pycache__", "*.__pycache__.*"]
DATA = [
    "*.svg",
    "*.qss",
    "*.html",
    "*.csv",
    "*.json",
    "*.toml",
    "*.ttf",
    "*.mako",
    "*.ts",
    "*.qm",
    "*.png",
    "*.txt",
]

packages = find_namespace_packages(
    include=["agent_desk", "agent_desk.*", "connectors", "connectors.*"], exclude=EXCLUDE
)
resources = ["agent_desk_resources"] + [
    f"agent_desk_resources.{name}"
    for name in find_namespace_packages(where="resources", exclude=EXCLUDE)
]

setup(
    packages=packages + resources,
    package_dir={"agent_desk_resources": "resources"},
    package_data={name: DATA for name in packages + resources},
)
