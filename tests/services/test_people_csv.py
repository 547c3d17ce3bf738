"""The People table as a spreadsheet and back: the export is the table as
filtered, safe from formulas; an import is checked whole and reported by line
before anything is written, then written together."""

from __future__ import annotations

import csv
import io

import pytest
from people_data import three_people

from dmdesk.domain import PeopleQuery, Platform
from dmdesk.services.inbox import InboxService
from dmdesk.services.people import PeopleService
from dmdesk.services.people_csv import PeopleCsvError


def test_the_export_is_the_table_as_filtered_and_no_cell_is_a_formula(
    database, db_path, tmp_path
) -> None:
    reader, people = three_people(database, db_path)
    inbox = InboxService(database)
    inbox.rename_contact(people["Bea Costa"].contact_id, "=HYPERLINK(evil)")
    inbox.set_tags(people["Bea Costa"].contact_id, ["vip", "wholesale"])
    target = tmp_path / "people.csv"

    count = PeopleService(database).export_csv(PeopleQuery(platform=Platform.INSTAGRAM), target)

    assert count == 2
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Platforms", "Handles", "Tags", "Stage"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(evil)", "Ana Lima"]
    assert rows[1][2:4] == ["'@bea_knits", "vip, wholesale"]  # @ starts a formula too
    assert list(tmp_path.glob(".people-*")) == []
    reader.close()


def test_an_import_is_checked_whole_and_says_by_line_what_will_not_go(
    database, db_path, tmp_path
) -> None:
    reader, people = three_people(database, db_path)
    sheet = tmp_path / "crm.csv"
    sheet.write_text(
        "Handle,Tags,Stage,Note\n"
        "@ana.lima,vip; wholesale,ordered,Wants the blue one\n"
        "0044 7700 900123,,Content posted,\n"
        "@nobody,vip,,\n"
        "bea_knits,,Shipped,\n"
        ",,,\n"
        "BEA_KNITS,gift,,\n",
        encoding="utf-8",
    )
    service = PeopleService(database)

    check = service.check_import(sheet)

    assert [r.line for r in check.rows] == [2, 3, 7]
    assert check.problems == [
        "Line 4: nobody has the handle @nobody.",
        "Line 5: 'Shipped' is not one of your stages.",
    ]
    assert check.summary == "3 lines match 3 people; 2 lines will be left out."
    assert reader.contact(people["Ana Lima"].contact_id).tags == ()  # nothing yet

    assert service.apply_import(check) == 3
    ana = reader.contact(people["Ana Lima"].contact_id)
    assert (ana.tags, ana.stage) == (("vip", "wholesale"), "Ordered")
    assert [n.text for n in reader.notes(ana.id)] == ["Wants the blue one"]
    assert reader.contact(people["Cai Wen"].contact_id).stage == "Content posted"
    assert reader.contact(people["Bea Costa"].contact_id).tags == ("gift",)
    reader.close()


def test_an_export_comes_back_in_as_it_went_out(database, db_path, tmp_path) -> None:
    reader, people = three_people(database, db_path)
    inbox = InboxService(database)
    inbox.set_tags(people["Ana Lima"].contact_id, ["vip"])
    inbox.set_stage([people["Ana Lima"].contact_id], "Asked")
    service = PeopleService(database)
    sheet = tmp_path / "out.csv"
    service.export_csv(PeopleQuery(), sheet)
    inbox.set_tags(people["Ana Lima"].contact_id, [])

    check = service.check_import(sheet)

    assert check.problems == [] and len(check.rows) == 3
    service.apply_import(check)
    assert reader.contact(people["Ana Lima"].contact_id).tags == ("vip",)
    reader.close()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "empty"),
        (b"Name,Tags\nAna,vip\n", "no Handle column"),
        (b"\xff\xfe\x00\x00\x81\x8d", "not text"),
    ],
)
def test_a_file_that_is_not_a_people_sheet_is_refused_in_words(
    database, tmp_path, content: bytes, said: str
) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_bytes(content)
    with pytest.raises(PeopleCsvError, match=said):
        PeopleService(database).check_import(sheet)
