"""What handles a request: the installed apps, the middleware in its order, the URLs, the
WSGI and ASGI entry points and the two template engines."""

from .site import BASE_DIR

INSTALLED_APPS = [
    # Texts with a value per language (before the admin, whose forms it extends): each app's
    # translation.py names them; MODELTRANSLATION_* in base.py.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_tasks_db",
    # Accounts (django-allauth): sign-up with a verified email, sign-in by password, code or
    # passkey, password reset, email management, a second factor for staff, social sign-in
    # through the providers a newsroom configures in the admin (see the README, "Accounts").
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.apple",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.openid_connect",
    # The project itself: its management commands (the demo loader, the local accounts) and
    # its ready() (newsroom/apps.py).
    "newsroom",
    # The email outbox: every app's email, recorded once, sent by the task worker.
    "outbox",
    "accounts",
    "articles",
    "comments",
    "donations",
    "privacy",
    # The moderators' desk at /moderate/ (queues, history, sanctions, notices, audit log).
    "moderation",
    # WordPress and Disqus imports, the old site's links and pages.
    "imports",
]

MIDDLEWARE = [
    # Compresses what the page cache does not (pages for signed-in readers, guests with a
    # cookie, htmx fragments); it leaves the cache's own gzip alone, and pads its output
    # against BREACH (as do Django's masked CSRF tokens).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before WhiteNoise, so that static files carry these headers too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "newsroom.middleware.CrossOriginResourcePolicyMiddleware",
    # With the other headers' middleware, so that pages answered early carry it too (it
    # only reads the response, wherever it stands).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page from the shared cache for a reader without cookies, answered here: everything
    # above adds its headers as it does to every page, nothing below has anything to do
    # for such a reader (newsroom/early_hits.py).
    "newsroom.early_hits.EarlyCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware (Django's order): the language from the
    # address's prefix (/de/, /ar/), the switcher's choice, and a first visit sent to its
    # browser's language (newsroom/i18n.py).
    "newsroom.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's CSRF middleware, extended to judge a post by Sec-Fetch-Site, Origin and
    # Referer, so that pages from the shared cache need no token (newsroom/csrf.py).
    "newsroom.csrf.OriginCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The old site's links (/?p=123, /2019/04/slug/) answered with a 301, its pages served
    # at their old paths (imports/middleware.py).
    "imports.middleware.OldLinksMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After it: staff without a second factor are sent to enrol one before the
    # admin (accounts/middleware.py).
    "accounts.middleware.StaffSecondFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE and LANGUAGE_BIDI of the page (<html lang dir>).
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
                # After Django's csrf and csp processors: pages for everyone carry no token
                # and no nonce.
                "newsroom.pagecache.shared_page_context",
                "donations.context_processors.donations",
            ],
        },
    },
    {
        # Only for templates that draw many items (the comment threads): newsroom/jinja2.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "autoescape": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
        },
    },
]
