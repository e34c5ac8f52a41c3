"""The printable receipt: amounts in capital numerals as Chinese receipts write them, and a PDF whose text says
the community, the house, each fee line, both totals and that it is not a tax invoice."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from chalicelib.payments.receipt import ReceiptFacts, capital_yuan, receipt_pdf


@pytest.mark.parametrize(
    ("fen", "written"),
    [
        (0, "零元整"),
        (7, "柒分"),
        (50, "伍角"),
        (100, "壹元整"),
        (1000, "壹拾元整"),
        (50000, "伍佰元整"),
        (100050, "壹仟元伍角"),
        (100507, "壹仟零伍元零柒分"),
        (1000000, "壹万元整"),
        (10050000, "壹拾万零伍佰元整"),
        (100000000, "壹佰万元整"),
        (1000010000, "壹仟万零壹佰元整"),
        (10000000000, "壹亿元整"),
        (12345678912, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
        (35800, "叁佰伍拾捌元整"),
    ],
)
def test_amounts_are_written_in_capital_numerals(fen: int, written: str) -> None:
    assert capital_yuan(fen) == written


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        capital_yuan(-1)


def test_the_receipt_pdf_reads_back_in_chinese() -> None:
    facts = ReceiptFacts(
        community="阳光社区",
        house="1栋1单元101",
        receipt_no="R20261207000001",
        order_id="Pc1_0123456789ab",
        transaction_id="4200000000202612070001",
        paid_at="2026年12月7日 14:51",
        lines=(("物业费", 17900), ("物业费", 17900)),
        total_fen=35800,
        refunded_fen=17900,
    )
    data = receipt_pdf(facts)
    assert data.startswith(b"%PDF-") and len(data) < 20_000  # the CJK font is the reader's, not embedded
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "阳光社区 电子收据",
        "1栋1单元101",
        "R20261207000001",
        "4200000000202612070001",
        "2026年12月7日 14:51",
        "179.00",
        "叁佰伍拾捌元整",
        "¥358.00",
        "其中已退款：¥179.00",
        "不作为发票使用",
    ):
        assert expected in text, expected
    assert receipt_pdf(facts) == data  # the same order prints the same file
