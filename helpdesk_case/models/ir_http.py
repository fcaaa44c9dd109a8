from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """A request too large for the server fails before any controller reads it: let the
        form's controller answer with its own page and message instead of a bare 413."""
        if isinstance(exception, RequestEntityTooLarge):
            response = cls._case_request_too_large()
            if response is not None:
                return response
        return super()._handle_error(exception)

    @classmethod
    def _case_request_too_large(cls):
        try:
            rule, __ = cls._match(request.httprequest.path)
        except HTTPException:
            return None
        controller = getattr(rule.endpoint, "func", None)
        handler = getattr(getattr(controller, "__self__", None), "_case_request_too_large", None)
        response = handler(request.httprequest.path) if handler else None
        if response is not None:
            response.flatten()  # rendered now: error responses skip the lazy rendering
        return response
