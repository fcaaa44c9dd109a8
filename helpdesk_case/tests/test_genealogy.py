from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestGenealogy(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.chain = Partner.browse()
        sponsor = Partner.browse()
        for level in range(6):
            sponsor = Partner.create(
                {"name": f"Nivel {level}", "is_consultant": True, "sponsor_id": sponsor.id}
            )
            cls.chain |= sponsor
        cls.other_root = Partner.create({"name": "Otra red", "is_consultant": True})

    def _queries(self, partners, sponsor):
        """Queries spent to give ``partners`` a new ``sponsor``, flush included."""
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        partners.sponsor_id = sponsor
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _path(self, *partners):
        return "".join(f"{p.id}/" for p in partners)

    def test_paths_follow_the_chain(self):
        root, lvl1, lvl2 = self.chain[:3]
        self.assertEqual(root.sponsor_path, self._path(root))
        self.assertEqual(lvl2.sponsor_path, self._path(root, lvl1, lvl2))
        self.assertEqual(root.downline_count, 5)
        self.assertEqual(self.chain[-1].downline_count, 0)
        downline = self.env["res.partner"].search(lvl1._case_downline_domain())
        self.assertEqual(downline, self.chain[1:])

    def test_batch_create_with_existing_sponsors(self):
        recruits = self.env["res.partner"].create(
            [{"name": f"R{i}", "sponsor_id": self.chain[i].id} for i in range(3)]
        )
        for i, recruit in enumerate(recruits):
            self.assertEqual(recruit.sponsor_path, self.chain[i].sponsor_path + f"{recruit.id}/")

    def test_cycle_refused(self):
        root, lvl1 = self.chain[:2]
        with self.assertRaisesRegex(ValidationError, "would loop"):
            root.sponsor_id = self.chain[-1]
        with self.assertRaisesRegex(ValidationError, "would loop"):
            lvl1.sponsor_id = lvl1
        self.assertFalse(root.sponsor_id, "nothing was written")

    def test_move_subtree_recomputes_all_descendants(self):
        lvl2 = self.chain[2]
        lvl2.sponsor_id = self.other_root
        for descendant in self.chain[2:]:
            self.assertTrue(descendant.sponsor_path.startswith(self._path(self.other_root, lvl2)))
        self.assertEqual(self.chain[0].downline_count, 1)
        self.assertEqual(self.other_root.downline_count, 4)
        lvl2.sponsor_id = False
        self.assertEqual(self.chain[-1].sponsor_path.split("/")[0], str(lvl2.id))

    def test_move_costs_the_same_whatever_the_subtree_size(self):
        Partner = self.env["res.partner"]
        big = Partner.create({"name": "Grande", "is_consultant": True})
        Partner.create([{"name": f"B{i}", "sponsor_id": big.id} for i in range(300)])
        small = Partner.create({"name": "Pequeño", "is_consultant": True})
        Partner.create([{"name": "S", "sponsor_id": small.id}])
        queries = [self._queries(node, self.other_root) for node in (small, big)]
        self.assertEqual(queries[0], queries[1])
        self.assertEqual(self.other_root.downline_count, 303)

    def test_unlink_moves_recruits_up(self):
        lvl1, lvl2, lvl3 = self.chain[1:4]
        lvl2.unlink()
        self.assertEqual(lvl3.sponsor_id, lvl1)
        self.assertTrue(self.chain[-1].sponsor_path.startswith(lvl1.sponsor_path))

    def test_moving_many_partners_costs_two_queries(self):
        Partner = self.env["res.partner"]
        sponsors = Partner.create([{"name": f"S{i}", "is_consultant": True} for i in range(20)])
        Partner.create([{"name": f"R{i}", "sponsor_id": s.id} for i, s in enumerate(sponsors)])
        nested = sponsors[:2]
        nested[1].sponsor_id = nested[0]  # one moved partner below another moved one
        counts = [self._queries(group, self.other_root) for group in (sponsors[2:3], sponsors)]
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(self.other_root.downline_count, 40)
        for recruit in Partner.search([("sponsor_id", "in", sponsors.ids)]):
            self.assertTrue(recruit.sponsor_path.startswith(self.other_root.sponsor_path))
            self.assertEqual(recruit.sponsor_path.count("/"), 3)

    def test_unlink_with_archived_recruit(self):
        lvl1, lvl2, lvl3 = self.chain[1:4]
        lvl3.active = False
        lvl2.unlink()
        self.assertEqual(lvl3.sponsor_id, lvl1)

    def test_only_supervisors_change_the_network(self):
        manager = new_test_user(
            self.env, login="contacts_mgr", groups="base.group_user,base.group_partner_manager"
        )
        victim = self.env["res.partner"].create({"name": "Víctima"})
        with self.assertRaisesRegex(AccessError, "supervisors"):
            victim.with_user(manager).sponsor_id = self.chain[0]
        with self.assertRaisesRegex(AccessError, "supervisors"):
            victim.with_user(manager).is_consultant = True
        with self.assertRaisesRegex(AccessError, "supervisors"):
            self.env["res.partner"].with_user(manager).create(
                {"name": "x", "sponsor_id": self.chain[0].id}
            )
        victim.with_user(manager).name = "Víctima renombrada"  # other fields stay editable
        supervisor = new_test_user(
            self.env,
            login="net_sup",
            groups="helpdesk_case.group_case_supervisor,base.group_partner_manager",
        )
        victim.with_user(supervisor).sponsor_id = self.chain[0]
        self.assertEqual(victim.sponsor_id, self.chain[0])

    def test_merge_keeps_the_network_right(self):
        lvl1, lvl2, lvl3 = self.chain[1:4]
        Merge = self.env["base.partner.merge.automatic.wizard"]
        with self.assertRaisesRegex(UserError, "would loop"):
            Merge._merge((lvl1 | lvl3).ids, dst_partner=lvl3, extra_checks=False)
        # the merged contact takes lvl2's place: its sponsor and its recruits
        Merge._merge((lvl2 | self.other_root).ids, dst_partner=self.other_root, extra_checks=False)
        self.assertEqual(self.other_root.sponsor_id, lvl1)
        self.assertEqual(lvl3.sponsor_id, self.other_root)
        self.assertEqual(
            self.chain[-1].sponsor_path,
            self.other_root.sponsor_path + "".join(f"{p.id}/" for p in self.chain[3:]),
        )
        self.assertEqual(self.other_root.downline_count, 3)
        self.assertEqual(lvl1.downline_count, 4)
