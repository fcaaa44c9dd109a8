"""The portal list must cost the same whatever the size of the consultant's network."""

from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.bulk_data import insert_downline, insert_tickets

DOWNLINE = 10_000
TICKETS = 100_000
QUERIES_PORTAL_LIST = 10


@tagged("post_install", "-at_install")
class TestPortalListPerformance(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = new_test_user(cls.env, login="perf_big", groups="base.group_portal")
        cls.small = new_test_user(cls.env, login="perf_small", groups="base.group_portal")
        (cls.big.partner_id | cls.small.partner_id).write({"is_consultant": True})
        big_network = insert_downline(cls.env, cls.big.partner_id, DOWNLINE)
        small_network = insert_downline(cls.env, cls.small.partner_id, 10)
        outsiders = insert_downline(cls.env, cls.env["res.partner"].create({"name": "Otra"}), 500)
        # half of the tickets in the big network, the rest outside, a few in the small one
        insert_tickets(cls.env, big_network, TICKETS // 2)
        insert_tickets(cls.env, outsiders, TICKETS // 2 - 100)
        insert_tickets(cls.env, small_network, 100)

    def _queries(self, login, url):
        """Queries of one warm request to ``url`` as ``login``, and the page."""
        self.authenticate(login, login)
        self.url_open(url).raise_for_status()  # warm-up: caches, session
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text

    def test_network_list_does_not_grow_with_the_downline(self):
        for url in ("/my/cases?scope=network", "/my/cases?scope=all&filterby=open"):
            with self.subTest(url=url):
                self.authenticate("perf_big", "perf_big")
                self.url_open(url).raise_for_status()
                with self.assertQueryCount(QUERIES_PORTAL_LIST):
                    self.url_open(url).raise_for_status()
                big_queries, big_page = self._queries("perf_big", url)
                small_queries, small_page = self._queries("perf_small", url)
                self.assertEqual(big_queries, small_queries)
                self.assertIn("PERF", big_page)
                self.assertIn("PERF", small_page)
        self.assertEqual(self.env["case.ticket"].with_user(self.big).search_count([]), TICKETS // 2)
