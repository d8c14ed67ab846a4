"""Stand-in for edx-platform ``openedx/core/djangoapps/ace_common``: what revmentor's emails use.

The base templates every platform email extends (``templates/ace_common/edx_ace/common/``), the
template context they need (``template_context.py``) and the template tags they load
(``templatetags/ace.py``). Each file names the platform file it mirrors and what it leaves out.
"""
