"""Response headers that Django's SecurityMiddleware does not set."""


class CrossOriginResourcePolicyMiddleware:
    """`Cross-Origin-Resource-Policy: same-origin` on every response, static files and uploads
    included (it runs outside WhiteNoise): another site's page cannot load our pages, scripts
    or images into itself. Our own pages load them as before; crawlers, feed readers and link
    previews fetch from their servers, which the header does not concern."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
