from datetime import timedelta

from odoo import api, fields, models

RATE_WINDOW = timedelta(hours=1)
DEFAULT_LIMIT_PER_EMAIL = 5
DEFAULT_LIMIT_PER_IP = 20


class CaseWebFormRequest(models.Model):
    """A request accepted by the public web form, kept one hour for its rate limit.

    A table rather than worker memory, so that every worker (and every server behind the same
    database) counts the same requests; ``_gc_expired`` (an autovacuum) deletes the rows once
    they left the window, so the table stays a few rows per visitor. Counting the tickets of the
    web-form channel instead would keep the visitors' IP addresses on the tickets forever.
    Two simultaneous requests may both pass the check: a limit against abuse, not a quota.
    """

    _name = "case.web.form.request"
    _description = "Web Form Request"
    _order = "id desc"

    email = fields.Char(string="E-mail", index=True, readonly=True)
    ip_address = fields.Char(string="IP Address", index=True, readonly=True)

    @api.model
    def _limits(self):
        """Requests allowed per hour: ``{field: limit}``, 0 for no limit."""
        params = self.env["ir.config_parameter"].sudo()
        defaults = {
            "email": ("helpdesk_case.web_form_limit_email", DEFAULT_LIMIT_PER_EMAIL),
            "ip_address": ("helpdesk_case.web_form_limit_ip", DEFAULT_LIMIT_PER_IP),
        }
        limits = {}
        for field, (key, default) in defaults.items():
            try:
                limits[field] = max(int(params.get_param(key, default)), 0)
            except ValueError:
                limits[field] = default
        return limits

    @api.model
    def _is_over_limit(self, email, ip_address):
        """Whether this e-mail address or this IP address used up its requests of the hour."""
        since = self.env.cr.now() - RATE_WINDOW
        values = {"email": email, "ip_address": ip_address}
        for field, limit in self._limits().items():
            if not (limit and values[field]):
                continue
            domain = [(field, "=", values[field]), ("create_date", ">", since)]
            if self.sudo().search_count(domain, limit=limit) >= limit:
                return True
        return False

    @api.model
    def _log_request(self, email, ip_address):
        return self.sudo().create({"email": email, "ip_address": ip_address})

    @api.autovacuum
    def _gc_expired(self):
        self.sudo().search([("create_date", "<=", self.env.cr.now() - RATE_WINDOW)]).unlink()
