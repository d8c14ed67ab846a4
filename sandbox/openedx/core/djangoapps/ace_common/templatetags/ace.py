"""Stand-in for edx-platform ``openedx/core/djangoapps/ace_common/templatetags/ace.py``.

Kept faithful where a caller can trip: both tags need a request, from the template context or
from crum's current request, and a ``message`` in the context, and raise
``VariableDoesNotExist`` otherwise, so an email rendered from a Celery task or a command must
run inside ``emulate_http_request`` (``openedx/core/lib/celery/task_utils.py``) as the
platform's own senders do. ``with_link_tracking`` makes a link absolute on the request's site
and adds the UTM parameters; the Google Analytics pixel is empty (the sandbox configures no
``GOOGLE_ANALYTICS_ACCOUNT``, as most sites).
"""

from urllib.parse import parse_qsl, urlencode, urlparse

from crum import get_current_request
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _get_variables_from_context(context, tag_name):
    request = context["request"] if "request" in context else get_current_request()
    if request is None:
        raise template.VariableDoesNotExist(
            f'The {tag_name} template tag requires a "request" to be present in the template context. Consider '
            'using "emulate_http_request" if you are rendering the template in a celery task.'
        )
    message = context.get("message")
    if message is None:
        raise template.VariableDoesNotExist(
            f'The {tag_name} template tag requires a "message" to be present in the template context.'
        )
    return request.site, request.user, message


@register.simple_tag(takes_context=True)
def with_link_tracking(context, url):
    site, _user, message = _get_variables_from_context(context, "with_link_tracking")
    parsed = urlparse(url)
    if not parsed.netloc:
        url = "https://{root}/{path}".format(root=site.domain.rstrip("/"), path=url.lstrip("/"))
        parsed = urlparse(url)
    query = dict(parse_qsl(parsed.query))
    query.update(
        utm_source=message.app_label, utm_campaign=message.name, utm_medium="email", utm_content=message.uuid
    )
    # as the platform's tag: a URL it built itself from the site and the message
    return mark_safe(parsed._replace(query=urlencode(query)).geturl())  # noqa: S308


@register.simple_tag(takes_context=True)
def google_analytics_tracking_pixel(context):
    _get_variables_from_context(context, "google_analytics_tracking_pixel")
    return ""
