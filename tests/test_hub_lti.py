"""The LTI 1.3 login of hub/jupyterhub_config.py (book/instructor_jupyterhub.md, "Login from the
LMS"): its commented block, uncommented, configures jupyterhub-ltiauthenticator as pinned.

No LMS is reached: this checks that the keys exist in the pinned version and take the
documented values, not a launch from Moodle or Canvas.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]


def lti13_block() -> Config:
    """The commented LTI 1.3 block of hub/jupyterhub_config.py, uncommented and loaded."""
    text = (ROOT / "hub" / "jupyterhub_config.py").read_text(encoding="utf-8")
    block = re.search(r"# --- LTI 1\.3 \(begin\) ---\n(.*?)# --- LTI 1\.3 \(end\) ---", text, re.S)
    assert block, "hub/jupyterhub_config.py has no LTI 1.3 block"
    source = "\n".join(line.removeprefix("# ") for line in block.group(1).splitlines())
    config = Config()
    exec(compile(source, "jupyterhub_config.py (LTI 1.3)", "exec"), {"c": config})
    return config


def test_lti13_block_of_the_hub_config_loads() -> None:
    from jupyterhub.auth import Authenticator
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    config = lti13_block()
    assert importlib.metadata.version("jupyterhub-ltiauthenticator") == "1.6.3"
    assert config.JupyterHub.authenticator_class.endswith(".LTI13Authenticator")
    authenticator = LTI13Authenticator(config=config)
    assert isinstance(authenticator, Authenticator)
    assert authenticator.issuer == "https://moodle.example.edu"
    assert authenticator.client_id == {"CLIENT_ID_FROM_THE_LMS"}
    assert authenticator.authorize_url.endswith("/mod/lti/auth.php")
    assert authenticator.jwks_endpoint.endswith("/mod/lti/certs.php")
    assert authenticator.username_key == "email" and authenticator.allow_all
    # the URLs the LMS is given (book/instructor_jupyterhub.md), under the hub's /hub/
    assert authenticator.login_url("/hub/") == "/hub/lti13/oauth_login"
    assert authenticator.callback_url("/hub/") == "/hub/lti13/oauth_callback"
    assert authenticator.config_json_url("/hub/") == "/hub/lti13/config"
    routes = [route for route, _ in authenticator.get_handlers(None)]
    assert routes == ["lti13/oauth_login", "lti13/oauth_callback", "lti13/config"]
