"""A paid order's printable receipt (电子收据): one A5 page a resident prints or forwards, in Chinese, with the
community and the house as people name them, each fee line, the total in figures and in capital numerals (大写, as
Chinese receipts write amounts so they cannot be altered), the receipt and WeChat Pay numbers and Beijing time.
It is a receipt for money received, not a tax invoice (发票), and says so. Pure Python (reportlab; the page uses
the Adobe CJK font STSong-Light, which PDF readers carry, so nothing is embedded and the file stays small)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from chalicelib.kernel.i18n import local_time, yuan
from chalicelib.payments.model import Order

DIGITS = "零壹贰叁肆伍陆柒捌玖"
FONT = "STSong-Light"


@dataclass(frozen=True)
class ReceiptFacts:
    community: str
    house: str
    receipt_no: str
    order_id: str
    transaction_id: str
    paid_at: str  # Beijing time, as people read it
    lines: tuple[tuple[str, int], ...]  # fee name, fen
    total_fen: int
    refunded_fen: int = 0


def _group(number: int) -> str:
    """1..9999 in capital numerals (壹仟零伍)."""
    text, zero = "", False
    for power, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        digit = number // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        text += ("零" if zero else "") + DIGITS[digit] + unit
        zero = False
    return text


def capital_yuan(fen: int) -> str:
    """An amount in fen as Chinese receipts write it: 50000 -> 伍佰元整, 100050 -> 壹仟零伍元伍角, 7 -> 柒分."""
    if fen < 0:
        raise ValueError("an amount is never negative")
    whole, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    groups: list[int] = []
    rest = whole
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    text, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _group(group) + ("", "万", "亿", "万亿")[index]
        gap = False
    out = f"{text}元" if text else ""
    if not jiao and not cents:
        return (out or "零元") + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif text:
        out += "零"
    if cents:
        out += DIGITS[cents] + "分"
    return out


def receipt_file_name(facts: ReceiptFacts) -> str:
    return f"收据_{facts.receipt_no}.pdf"


def receipt_pdf(facts: ReceiptFacts) -> bytes:
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    width, height = landscape(A5)
    page = canvas.Canvas(out, pagesize=(width, height), invariant=True)
    page.setTitle(f"电子收据 {facts.receipt_no}")
    page.setAuthor(facts.community)
    left, right, y = 40, width - 40, height - 50
    page.setFont(FONT, 18)
    page.drawCentredString(width / 2, y, f"{facts.community} 电子收据")
    page.setFont(FONT, 10)
    y -= 28
    page.drawString(left, y, f"收据号：{facts.receipt_no}")
    page.drawRightString(right, y, f"收款时间：{facts.paid_at}")
    y -= 16
    page.drawString(left, y, f"房屋：{facts.house}")
    page.drawRightString(right, y, f"微信支付单号：{facts.transaction_id}")
    y -= 12
    page.line(left, y, right, y)
    y -= 18
    page.setFont(FONT, 11)
    page.drawString(left, y, "收费项目")
    page.drawRightString(right, y, "金额（元）")
    page.setFont(FONT, 10)
    for name, fen in facts.lines:
        y -= 18
        page.drawString(left, y, name)
        page.drawRightString(right, y, f"{fen / 100:.2f}")
    y -= 10
    page.line(left, y, right, y)
    y -= 18
    page.setFont(FONT, 11)
    page.drawString(left, y, f"合计（大写）：{capital_yuan(facts.total_fen)}")
    page.drawRightString(right, y, f"合计（小写）：{yuan(facts.total_fen)}")
    if facts.refunded_fen:
        y -= 18
        page.setFont(FONT, 10)
        page.drawString(left, y, f"其中已退款：{yuan(facts.refunded_fen)}（{capital_yuan(facts.refunded_fen)}）")
    page.setFont(FONT, 8)
    page.drawString(left, 40, f"订单号：{facts.order_id}")
    page.drawString(left, 28, "本收据为物业收费的电子收款凭证，不作为发票使用。")
    page.showPage()
    page.save()
    return out.getvalue()


def facts_of(order: Order, community: str, house: str) -> ReceiptFacts:
    """The receipt of a paid order (one with a receipt number)."""
    assert order.receipt_no and order.paid_at
    return ReceiptFacts(
        community=community,
        house=house,
        receipt_no=order.receipt_no,
        order_id=order.order_id,
        transaction_id=order.transaction_id or "",
        paid_at=local_time(order.paid_at),
        lines=tuple((name, fen) for _bill, _item, name, fen in order.lines),
        total_fen=order.amount_fen,
        refunded_fen=order.refunded_fen,
    )
