"""Read-only pages rendered once per content version, and revalidated with ETags.

The timeline is the same for everyone until the content changes, so its HTML is kept (a bounded
map per content version) and sent with an ETag: a browser that has it gets a 304."""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict

from flask import Response, current_app, request

from .htmx import wants_fragment
from .i18n import current_language
from .store import current_content

MAX_PAGES = 512


def cached_page(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        cache: OrderedDict = current_app.extensions.setdefault("quiz.pages", OrderedDict())
        key = (current_content().version, current_language(), request.full_path, wants_fragment())
        hit = cache.get(key)
        if hit is None:
            response = view(*args, **kwargs)
            if response.status_code != 200:
                return response
            body = response.get_data()
            hit = (body, hashlib.blake2b(body, digest_size=12).hexdigest(), dict(response.headers))
            cache[key] = hit
            while len(cache) > MAX_PAGES:
                cache.popitem(last=False)
        body, etag, headers = hit
        response = Response(body, headers=headers)
        response.set_etag(etag)
        response.cache_control.no_cache = True  # always revalidate: content edits show at once
        response.vary.update(("Accept-Language", "Cookie"))  # the language picks the bytes
        return response.make_conditional(request)

    return wrapper
