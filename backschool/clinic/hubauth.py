"""JupyterHub login for a clinic: a one-time code from the enrolment letter, then the patient's own password.

Built from JupyterHub's own parts: FirstUseAuthenticator keeps the passwords (bcrypt, in a dbm file)
and serves the "change password" page; LocalAuthenticator with ``create_system_users`` makes each
person's Unix account when the hub adds them, so nobody runs useradd by hand. What this class adds:
a password is never set by whoever logs in first (FirstUse's default); the first login needs the
code from the letter (``roster``), and it leads straight to the page where the patient chooses a
password. Choosing one ends the code.
"""
from __future__ import annotations

import dbm
from pathlib import Path

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator
from firstuseauthenticator.firstuseauthenticator import CustomLoginHandler, ResetPasswordHandler
from jupyterhub.auth import LocalAuthenticator
from jupyterhub.utils import url_path_join
from traitlets import Unicode

from .roster import Roster

SET_PASSWORD_PATH = "auth/change-password"  # FirstUseAuthenticator's page, under /hub/


class _LoginHandler(CustomLoginHandler):
    """After a login with a one-time code, go to the page that sets the password."""

    def get_next_url(self, user=None, default=None):
        if getattr(self, "backschool_set_password", False):
            return url_path_join(self.hub.base_url, SET_PASSWORD_PATH)
        return super().get_next_url(user, default)


class ClinicAuthenticator(FirstUseAuthenticator, LocalAuthenticator):
    roster_path = Unicode(config=True, help="The enrolment file written by `backschool admin enrol`.")

    def _stored_password(self, username: str) -> bytes | None:
        if not any(Path(self.dbm_path + ext).exists() for ext in ("", ".db", ".dat", ".dir", ".pag")):
            return None
        with dbm.open(self.dbm_path, "r") as db:
            return db.get(username.encode("utf8"))

    async def authenticate(self, handler, data):
        username = self.normalize_username(data.get("username", ""))
        password = data.get("password", "")
        stored = self._stored_password(username)
        if stored is not None:
            return username if bcrypt.checkpw(password.encode("utf8"), stored) else None
        if self.roster_path and Roster(Path(self.roster_path)).invite_ok(username, password):
            handler.backschool_set_password = True
            return username
        return None

    def reset_password(self, username: str, new_password: str) -> str:
        msg = super().reset_password(username, new_password)
        if "success" in msg and self.roster_path:
            Roster(Path(self.roster_path)).password_chosen(username)
        return msg

    def delete_user(self, user) -> None:
        """A person removed from the hub: their password, enrolment entry and allowed-user entry go too."""
        super().delete_user(user)  # FirstUse: the password
        LocalAuthenticator.delete_user(self, user)  # allowed_users
        if self.roster_path:
            Roster(Path(self.roster_path)).forget(user.name)

    def get_handlers(self, app):
        return [(r"/login", _LoginHandler), (r"/" + SET_PASSWORD_PATH, ResetPasswordHandler)]
