def test_seed_warehouse_has_every_article(seed_db):
    assert seed_db.execute("select count(*) from core.documents").fetchone()[0] == 10
