"""Signing in: passwords, the lockout after wrong ones (django-axes), accounts and their
rate limits, second factors and social sign-in (django-allauth)."""

from datetime import timedelta

from .env import env_int, env_str
from .site import DEBUG, SITE_NAME

# --- Auth ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force (django-axes, accounts/lockout.py): 5 wrong passwords for one user name from
# one address lock that name out from that address (only) for 30 minutes; 20 from one
# address across any names lock that address out. The address is the client IP as
# newsroom.client reads it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in by email address or user name, as allauth's forms ask.
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.client.client_ip"
# allauth's sign-in form calls its field "login" and passes "email" or "username" on.
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.adapter.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Accounts (django-allauth) -------------------------------------------------------------
# An account is an email address, verified by a link before it is used for anything, and a
# public name shown with the reader's comments. Sign-in by address or name and password, or
# by a code emailed to the address. Sign-up, sign-in and password reset answer alike whether
# an address has an account or not; the email says what happened.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # in the browser that signed up
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = None  # the reader chooses ("Remember me")
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# allauth's rate limits (per client IP as newsroom.client reads it, per address, per
# account), stricter than its defaults where a burst does harm: new accounts from one
# address, and emails a stranger can make us send.
ACCOUNT_RATE_LIMITS = {
    "signup": env_str("SIGNUP_RATE_LIMIT", "5/h/ip"),
    "login": "30/m/ip",
    # None: django-axes counts failed sign-ins (per name at an address, and per address;
    # accounts/lockout.py). A limit per name alone would let a stranger lock a reader out
    # everywhere, and a second count per address would answer before axes does.
    "login_failed": None,
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/5m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Staff must have a second factor before the admin (accounts/middleware.py): a code from an
# authenticator app (with recovery codes) or a passkey. Passkeys need a secure origin; with
# DEBUG on, http://127.0.0.1 is allowed for trying them locally.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = SITE_NAME
# Social sign-in: off until a provider is configured in the admin ("Social applications").
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"OAUTH_PKCE_ENABLED": True},
    "google": {"OAUTH_PKCE_ENABLED": True, "SCOPE": ["profile", "email"]},
}
