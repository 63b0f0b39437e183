"""One happening, one row: the merge rule of textmine.happenings on reports written for
these tests, the asset's merge (whole, and from the last merge), one clause giving one act, dates bound
to their clause, and marts.timeline's date of a happening whose reports disagree."""

from calendar import monthrange
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from assets.happenings import HappeningMerge
from textmine.events import EventCandidate, MentionRef, _hits, coordinated, detect_events
from textmine.happenings import Report, compatible, happening_ids, hubs_of, merge_reports, object_kinds
from textmine.timex import find_timexes

PUB = date(2020, 6, 20)
KINDS = object_kinds([("treaty", "DOCUMENT"), ("charter", "DOCUMENT"), ("drill", "EXERCISE"),
                      ("shield", "EXERCISE"), ("force", "FORCE")])


def report(doc: str, event_type: str, start: date, end: date, precision: str, *participants: str) -> Report:
    return Report((doc, 1, 0, event_type, 0), doc, event_type, start, end, precision, frozenset(participants))


def year(y: int) -> tuple[date, date, str]:
    return date(y, 1, 1), date(y, 12, 31), "year"


def day(y: int, m: int, d: int) -> tuple[date, date, str]:
    return date(y, m, d), date(y, m, d), "day"


def test_a_year_report_and_a_day_report_of_one_signing_are_one_happening():
    signed_day = report("a", "agreement", *day(1992, 5, 15), "treaty", "armenia", "russia")
    signed_year = report("b", "agreement", *year(1992), "treaty")
    again_year = report("c", "agreement", *year(1992), "treaty", "cis")
    merged = merge_reports([signed_day, signed_year, again_year], KINDS)
    assert len({merged[r.key] for r in (signed_day, signed_year, again_year)}) == 1


def test_two_treaties_signed_the_same_year_stay_apart():
    first = report("a", "agreement", *day(1992, 5, 15), "treaty", "armenia")
    second = report("b", "agreement", *day(1992, 10, 7), "charter", "armenia")
    of_first = report("c", "agreement", *year(1992), "treaty", "armenia")
    of_second = report("d", "agreement", *year(1992), "charter")
    merged = merge_reports([first, second, of_first, of_second], KINDS)
    assert merged[first.key] == merged[of_first.key]
    assert merged[second.key] == merged[of_second.key]
    assert merged[first.key] != merged[second.key]


def test_two_editions_of_one_exercise_in_different_years_stay_apart():
    in_2019 = report("a", "exercise", *year(2019), "drill", "tajikistan")
    in_2020 = report("b", "exercise", *year(2020), "drill", "tajikistan")
    on_a_day = report("c", "exercise", *day(2020, 10, 16), "drill")
    merged = merge_reports([in_2019, in_2020, on_a_day], KINDS)
    assert merged[in_2020.key] == merged[on_a_day.key] != merged[in_2019.key]


def test_two_exercises_of_one_year_stay_apart_and_a_day_of_one_named_object_conflicts():
    drill = report("a", "exercise", *day(2020, 9, 1), "drill", "belarus")
    shield = report("b", "exercise", *day(2020, 9, 1), "shield", "belarus")
    drill_later = report("c", "exercise", *day(2020, 9, 3), "drill")
    merged = merge_reports([drill, shield, drill_later], KINDS)
    assert merged[drill.key] != merged[shield.key]  # same day, same country, two named exercises
    assert merged[drill.key] == merged[drill_later.key]  # one exercise, reports that disagree on the day


def test_a_year_report_that_fits_two_finer_happenings_stays_apart():
    may = report("a", "establishment", *day(2002, 5, 14), "council", "moscow")
    october = report("b", "establishment", *day(2002, 10, 7), "council", "chisinau")
    vague = report("c", "establishment", *year(2002), "council")
    merged = merge_reports([may, october, vague], KINDS)
    assert len({merged[may.key], merged[october.key], merged[vague.key]}) == 3


def test_a_hub_tells_nothing_and_a_frequent_act_needs_the_same_dates():
    reports = [report(f"d{i}", "statement", *day(2021, 3, i + 1), "bloc", f"speaker{i}") for i in range(8)]
    hubs = hubs_of(Counter(p for r in reports for p in r.participants), len(reports))
    assert hubs == {"bloc"}
    a = report("x", "establishment", *year(2009), "bloc")
    b = report("y", "establishment", *year(2009), "bloc")
    assert not compatible(a, b, KINDS, hubs)  # only the hub in common
    said_day = report("x", "statement", *day(2022, 9, 13), "minister", "armenia")
    said_year = report("y", "statement", *year(2022), "minister")
    assert not compatible(said_year, said_day, KINDS, hubs)  # "in 2022 the minister said" is no report of that day
    took_office = report("x", "election_appointment", *day(2020, 1, 1), "minister")
    early_this_year = report("y", "election_appointment", *year(2020), "minister", "agency")
    assert compatible(early_this_year, took_office, KINDS, hubs)  # taking office happens once


def test_reports_of_one_article_are_never_one_happening():
    a1 = report("a", "establishment", *year(2009), "force")
    a2 = Report(("a", 9, 0, "establishment", 0), "a", "establishment", *day(2009, 3, 1), frozenset({"force"}))
    merged = merge_reports([a1, a2], KINDS)
    assert merged[a1.key] != merged[a2.key]


def _candidate(doc: str, sentence: str, names: dict[str, tuple[str, str]]) -> list[EventCandidate]:
    mentions = [MentionRef(sentence.index(n), sentence.index(n) + len(n), i, t) for n, (i, t) in names.items()]
    return [EventCandidate(doc, 1, e) for e in detect_events(sentence, find_timexes(sentence, PUB), mentions)]


TREATY = {"Tashkent Treaty": ("treaty", "DOCUMENT")}


def test_the_asset_merges_a_year_group_from_its_spill_file_like_the_pure_rule():
    candidates = (_candidate("a", "The Tashkent Treaty was signed on 15 May 1992 by six states.", TREATY)
                  + _candidate("b", "The Tashkent Treaty was signed in 1992.", TREATY)
                  + _candidate("c", "The Tashkent Treaty was discussed at a session on 5 May 2020.", TREATY)
                  + _candidate("d", "The Border Accord was signed in 1992.", {"Border Accord": ("accord", "DOCUMENT")}))
    kinds = {"treaty": 1, "accord": 1}
    with HappeningMerge() as merge:
        merge.add(candidates)
        assert merge.merge(kinds) == 3  # the signing, the session, the other accord
        spilled = merge.happening_ids(candidates)
    assert spilled == happening_ids(candidates, kinds)
    assert spilled[candidates[0].key] == spilled[candidates[1].key]
    assert len(set(spilled.values())) == 3


def _merged(batches: list[tuple[str, list[EventCandidate]]], kinds: dict[str, int], memo: Path | None = None
            ) -> tuple[dict[tuple, str], HappeningMerge]:
    """Every batch (name, candidates) through one HappeningMerge; a batch the memo holds is
    taken from there."""
    with HappeningMerge(memo) as merge:
        for name, candidates in batches:
            if merge.kept(name):
                merge.add_reports(None, name)
            else:
                merge.add(candidates, name)
        merge.merge(kinds)
        return merge.happening_ids([c for _, cs in batches for c in cs]), merge


def test_a_merge_that_starts_from_the_last_one_merges_only_the_groups_a_new_batch_touches(tmp_path):
    signings = ("signings", _candidate("a", "The Tashkent Treaty was signed on 15 May 1992 by six states.", TREATY)
                + _candidate("b", "The Tashkent Treaty was signed in 1992.", TREATY))
    session = ("session", _candidate("c", "The Tashkent Treaty was discussed at a session on 5 May 2020.", TREATY))
    accord = ("accord", _candidate("d", "The Border Accord was signed in 1992.", {"Border Accord": ("accord", "DOCUMENT")}))
    kinds = {"treaty": 1, "accord": 1}
    memo = tmp_path / "memo"
    _, merge = _merged([signings, session], kinds, memo)
    assert merge.groups_merged == 2 and merge.groups_reused == 0
    again, merge = _merged([signings, session, accord], kinds, memo)
    clean, _ = _merged([signings, session, accord], kinds)
    assert again == clean  # the agreements of 1992 merged again with the new accord, the session kept
    assert (merge.groups_merged, merge.groups_reused) == (1, 1)
    assert again[signings[1][0].key] == again[signings[1][1].key] != again[accord[1][0].key]
    # the same reports in other batches (a file added to a batch changes its key, not the
    # reports of its other files): nothing is merged again
    rebatched = [signings, ("session and accord", session[1] + accord[1])]
    regrouped, merge = _merged(rebatched, kinds, memo)
    assert regrouped == again and (merge.groups_merged, merge.groups_reused) == (0, 2)
    # a different object level of the treaty is another merge of every group naming it
    relevelled, merge = _merged([signings, session, accord], {"treaty": 2, "accord": 1}, memo)
    assert (merge.groups_merged, merge.groups_reused) == (2, 0)
    assert relevelled == _merged([signings, session, accord], {"treaty": 2, "accord": 1})[0]
    # a batch that leaves takes its reports out of the groups it was in
    without, merge = _merged([session, accord], kinds, memo)
    assert without == _merged([session, accord], kinds)[0]
    assert signings[1][0].key not in without


def test_a_session_dated_in_a_clause_about_an_earlier_signing_does_not_move_the_signing():
    (signing, session) = _candidate("a", "The Tashkent Treaty, signed in 1992, was discussed by the ministers "
                                         "at their session on 5 May 2020.", TREATY)
    assert (signing.event.event_type, signing.event.timex.date_start) == ("agreement", date(1992, 1, 1))
    assert (session.event.event_type, session.event.timex.date_start) == ("meeting", date(2020, 5, 5))
    (day_report,) = _candidate("b", "On 15 May 1992 the Tashkent Treaty was signed.", TREATY)
    merged = happening_ids([signing, session, day_report], {"treaty": 1})
    assert merged[signing.key] == merged[day_report.key] != merged[session.key]


def test_a_summit_and_the_charter_it_remembers_keep_their_own_dates():
    sentence = "The summit in Minsk on 10 June marked the anniversary of the charter signed in 2002."
    found = {(e.event_type, e.timex.date_start) for e in detect_events(sentence, find_timexes(sentence, PUB), [])}
    assert found == {("meeting", date(2020, 6, 10)), ("agreement", date(2002, 1, 1))}


def test_one_clause_states_one_act():
    sentence = ("On 15 May 1992 the treaty on collective security, which commits its members to mutual "
                "military assistance, was signed in Tashkent.")
    assert [e.event_type for e in detect_events(sentence, find_timexes(sentence, PUB), [])] == ["agreement"]


def test_a_clause_stating_what_holds_adds_no_act_on_another_clauses_date():
    def types(sentence: str) -> list[str]:
        return [e.event_type for e in detect_events(sentence, find_timexes(sentence, PUB), [])]
    assert types("On 15 May 1992 the treaty was signed; it provides for mutual military assistance.") == ["agreement"]
    assert types("On 5 May the ministers met in Minsk, and the leaders signed the charter.") == ["meeting", "agreement"]


def test_a_possessive_date_dates_the_noun_it_qualifies_and_no_other_clauses_act():
    sentence = ("Norland has ratified all the accords of the pact, its speaker said during Tuesday’s meeting "
                "with the secretary general.")
    found = [(e.event_type, e.timex.date_start) for e in detect_events(sentence, find_timexes(sentence, PUB), [])]
    assert found == [("meeting", date(2020, 6, 16))]


def test_acts_listed_side_by_side_are_two_and_a_described_one_is_not():
    listed = "In 2020 command and staff exercises at the centre and training with the peacekeepers went well."
    hits = {h.event_type: h for h in _hits(listed)}
    assert coordinated(listed, hits["exercise"], hits["training"])
    described = "The treaty signed on 15 May 1992 provides for mutual assistance against aggression."
    hits = {h.event_type: h for h in _hits(described)}
    assert not coordinated(described, hits["agreement"], hits["assistance"])


TIMELINE = Path(__file__).parent.parent / "storage" / "sql" / "marts" / "timeline.sql"


def test_the_timeline_dates_a_happening_by_its_most_precise_reports_and_shows_a_conflict():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core; CREATE SCHEMA marts")
    con.execute("CREATE TABLE core.entities (entity_id VARCHAR, name VARCHAR)")
    con.execute("""CREATE TABLE core.events (event_id VARCHAR, doc_id VARCHAR, event_type VARCHAR, date_start DATE,
                   date_end DATE, date_precision VARCHAR, date_text VARCHAR, participants VARCHAR[], summary VARCHAR,
                   happening_id VARCHAR)""")
    rows = [("e1", "d1", "1992-01-01", "1992-12-31", "year", "in 1992", "h1"),
            ("e2", "d2", "1992-05-15", "1992-05-15", "day", "15 May 1992", "h1"),
            ("e3", "d3", "1992-05-15", "1992-05-15", "day", "May 15, 1992", "h1"),
            ("e4", "d4", "1992-05-16", "1992-05-16", "day", "16 May 1992", "h1"),
            ("e5", "d5", "2002-01-01", "2002-12-31", "year", "in 2002", "h2")]
    con.executemany("INSERT INTO core.events VALUES (?, ?, 'agreement', ?, ?, ?, ?, [], 'text', ?)",
                    [(e, d, s, t, p, x, h) for e, d, s, t, p, x, h in rows])
    con.execute(TIMELINE.read_text())
    got = con.execute("SELECT happening_id, date_start, date_precision, date_conflict, dates_seen, n_dates_agreeing, "
                      "n_reports, date_texts FROM marts.timeline").fetchall()
    assert got[0][:7] == ("h1", date(1992, 5, 15), "day", True, ["1992", "1992-05-15", "1992-05-16"], 2, 4)
    assert len(got[0][7]) == 4  # every report's own date words stay listed
    assert got[1][:6] == ("h2", date(2002, 1, 1), "year", False, ["2002"], 1)


def test_an_exercise_some_texts_call_a_training_is_one_happening_but_only_by_its_name():
    drills = report("a", "exercise", *year(2020), "drill", "belarus")
    training = report("b", "training", *year(2020), "drill", "force")
    force_drills = report("c", "exercise", *year(2021), "force", "belarus")
    force_training = report("d", "training", *year(2021), "force", "belarus")
    merged = merge_reports([drills, training, force_drills, force_training], KINDS)
    assert merged[drills.key] == merged[training.key]
    assert merged[force_drills.key] != merged[force_training.key]  # a force trains often: no name, no merge


def _tiny_warehouse(path: Path, happening_of_event: dict[str, str]) -> None:
    """Three articles reporting one signing (two in one year, one on its day) and one
    other signing; happening ids as given."""
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA core")
    con.execute("CREATE TABLE core.source_files (file_id VARCHAR, path VARCHAR)")
    con.execute("CREATE TABLE core.documents (doc_id VARCHAR, file_id VARCHAR)")
    con.execute("CREATE TABLE core.sentences (doc_id VARCHAR, sentence_no INTEGER, text VARCHAR)")
    con.execute("""CREATE TABLE core.events (event_id VARCHAR, doc_id VARCHAR, sentence_no INTEGER,
                   event_type VARCHAR, date_start DATE, summary VARCHAR, happening_id VARCHAR)""")
    texts = {"a": ("The pact was signed on 15 May 1992 by six states.", "1992-05-15"),
             "b": ("The pact was signed in 1992 by six states.", "1992-01-01"),
             "c": ("Back in 1992 the six states signed the pact.", "1992-01-01"),
             "d": ("The border accord was signed in 1992.", "1992-01-01")}
    for doc, (text, day) in texts.items():
        con.execute("INSERT INTO core.source_files VALUES (?, ?)", [f"f{doc}", f"/raw/{doc}.txt"])
        con.execute("INSERT INTO core.documents VALUES (?, ?)", [doc, f"f{doc}"])
        con.execute("INSERT INTO core.sentences VALUES (?, 1, ?)", [doc, text])
        con.execute("INSERT INTO core.events VALUES (?, ?, 1, 'agreement', ?, ?, ?)",
                    [f"e{doc}", doc, day, text, happening_of_event[doc]])
    con.close()


def _tiny_gold(folder: Path) -> None:
    folder.mkdir()
    (folder / "documents.csv").write_text("file,ordinal\n" + "".join(f"{d}.txt,1\n" for d in "abcd"))
    (folder / "events.csv").write_text(
        "file,date_start,date_end,precision,date_text,relative,event_type,participants,evidence\n"
        "a.txt,1992-05-15,1992-05-15,day,15 May 1992,0,agreement,,The pact was signed on 15 May 1992\n"
        "b.txt,1992-01-01,1992-12-31,year,in 1992,0,agreement,,The pact was signed in 1992\n"
        "c.txt,1992-01-01,1992-12-31,year,1992,0,agreement,,Back in 1992 the six states signed the pact\n"
        "d.txt,1992-01-01,1992-12-31,year,in 1992,0,agreement,,The border accord was signed in 1992\n")
    (folder / "happenings.csv").write_text(
        "happening,corpus,row,file,event_type,date_start\n"
        f"pact_signed,{folder.name},1,a.txt,agreement,1992-05-15\n"
        f"pact_signed,{folder.name},2,b.txt,agreement,1992-01-01\n"
        f"pact_signed,{folder.name},3,c.txt,agreement,1992-01-01\n")


def test_the_evaluation_scores_pairs_of_reports_against_a_gold_of_happenings(tmp_path):
    from evaluation.context import Context
    from evaluation.happenings import GoldMismatch, score

    def evaluate(warehouse: Path, gold: Path) -> dict:
        return score(Context(warehouse, gold))

    gold = tmp_path / "mini"
    _tiny_gold(gold)
    split = tmp_path / "split.duckdb"
    _tiny_warehouse(split, {"a": "h1", "b": "h2", "c": "h2", "d": "h2"})  # the day apart, the accord merged
    got = evaluate(split, gold)
    assert got["happenings.pair_recall"].value == 1 / 3  # (b, c) of (a, b), (a, c), (b, c)
    assert got["happenings.pair_precision"].value == 1 / 3  # (b, c) of (b, c), (b, d), (c, d)
    assert got["happenings.rows_per_happening"].value == 2.0
    right = tmp_path / "right.duckdb"
    _tiny_warehouse(right, {"a": "h1", "b": "h1", "c": "h1", "d": "h2"})
    got = evaluate(right, gold)
    assert (got["happenings.pair_precision"].value, got["happenings.pair_recall"].value) == (1.0, 1.0)
    assert got["happenings.rows_per_happening"].value == 1.0
    (gold / "happenings.csv").write_text("happening,corpus,row,file,event_type,date_start\n"
                                         f"pact_signed,{gold.name},4,a.txt,agreement,1992-05-15\n")
    with pytest.raises(GoldMismatch):  # a reference that no longer points at the row it names
        evaluate(right, gold)


def test_a_once_act_that_names_nobody_joins_the_one_finer_happening_it_fits():
    on_the_day = report("a", "anniversary", *day(2020, 5, 9))
    that_year = report("b", "anniversary", *year(2020), "speaker")
    merged = merge_reports([on_the_day, that_year], KINDS)
    assert merged[on_the_day.key] == merged[that_year.key]
    other_day = report("c", "anniversary", *day(2020, 11, 7))
    merged = merge_reports([on_the_day, that_year, other_day], KINDS)
    assert len({merged[r.key] for r in (on_the_day, that_year, other_day)}) == 3  # two fit: none is taken
    said = report("d", "statement", *year(2020), "speaker")
    said_on_the_day = report("e", "statement", *day(2020, 5, 9))
    merged = merge_reports([said, said_on_the_day], KINDS)
    assert merged[said.key] != merged[said_on_the_day.key]  # a frequent act needs more than silence


def test_the_merge_of_many_reports_does_not_depend_on_how_its_pairs_are_batched(monkeypatch):
    """Pairs are asked one by one or once per distinct content, and coarse pairs are read a
    chunk at a time: the happenings are the same either way."""
    import textmine.happenings as happenings
    reports = []
    for i in range(60):  # sixty articles on two signings of one year, in several precisions
        treaty, when = ("treaty", day(1992, 5, 15)) if i % 3 else ("charter", day(1992, 10, 7))
        if i % 4 == 0:
            when = year(1992)
        elif i % 5 == 0:
            month = when[0].month
            when = (date(1992, month, 1), date(1992, month, monthrange(1992, month)[1]), "month")
        reports.append(report(f"d{i:02}", "agreement", *when, treaty, f"state{i % 7}"))
    merged = merge_reports(reports, KINDS)
    monkeypatch.setattr(happenings, "CHUNK", 1)
    monkeypatch.setattr(happenings._Compatibility, "FEW", 0)
    assert merge_reports(reports, KINDS) == merged
    treaty_days = {merged[r.key] for r in reports if "treaty" in r.participants and r.precision == "day"}
    charter_days = {merged[r.key] for r in reports if "charter" in r.participants and r.precision == "day"}
    assert len(treaty_days) == len(charter_days) == 1 and treaty_days != charter_days
    assert {merged[r.key] for r in reports if "treaty" in r.participants} == treaty_days  # coarse ones join it
