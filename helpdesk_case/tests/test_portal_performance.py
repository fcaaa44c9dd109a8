"""The portal list must cost the same whatever the size of the consultant's network."""

from odoo.tests import HttpCase, new_test_user, tagged

DOWNLINE = 10_000
TICKETS = 100_000
QUERIES_PORTAL_LIST = 10


def insert_downline(env, root, size, branching=5):
    """Insert ``size`` partners below ``root`` in a ``branching``-ary tree, in SQL."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO res_partner (name, active, type, create_date, write_date)
        SELECT 'Red ' || g, TRUE, 'contact', now(), now() FROM generate_series(1, %s) g
        RETURNING id
        """,
        [size],
    )
    ids = [row[0] for row in cr.fetchall()]
    parents = [root.id, *ids]
    cr.execute(
        """
        UPDATE res_partner p
           SET sponsor_id = (%s::int[])[(n.ord - 1) / %s + 1], commercial_partner_id = p.id
          FROM unnest(%s::int[]) WITH ORDINALITY AS n(id, ord)
         WHERE p.id = n.id
        """,
        [parents, branching, ids],
    )
    env["res.partner"]._sponsor_path_rebuild()
    env["res.partner"].invalidate_model()
    return ids


def insert_tickets(env, partner_ids, count):
    """Insert ``count`` open tickets spread over ``partner_ids``, in SQL."""
    stage = env.ref("helpdesk_case.stage_new")
    workflow = env.ref("helpdesk_case.workflow_generic")
    env.cr.execute(
        """
        INSERT INTO case_ticket (name, number, company_id, importance, urgency, priority, active,
                                 stage_id, workflow_id, state_group, partner_id,
                                 commercial_partner_id, create_date, write_date, last_update_date)
        SELECT 'Caso ' || g, 'PERF' || lpad(g::text, 7, '0'), %s, 'low', 'low', '0', TRUE,
               %s, %s, 'todo', p.id, p.id, now() - g * interval '1 minute', now(), now()
          FROM generate_series(1, %s) g
          JOIN LATERAL (SELECT (%s::int[])[1 + (g %% %s)] AS id) p ON TRUE
        """,
        [env.company.id, stage.id, workflow.id, count, partner_ids, len(partner_ids)],
    )
    env["case.ticket"].invalidate_model()
    # planner statistics, as autovacuum keeps them on a live database
    env.cr.execute("ANALYZE res_partner; ANALYZE case_ticket")


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
