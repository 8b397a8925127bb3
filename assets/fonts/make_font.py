"""Regenerate NotoSansSC-MarketDesk.otf: the Simplified-Chinese face of Noto Sans CJK
(SIL OFL 1.1), cut out of the .ttc and subset to ASCII/Latin-1, punctuation, full-width
forms and every GB2312 character (6,763 hanzi) plus the GBK hanzi block's common extras.

    apt install fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/make_font.py
"""
import pathlib
from fontTools.ttLib import TTCollection
from fontTools import subset

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = pathlib.Path(__file__).with_name("NotoSansSC-MarketDesk.otf")

coll = TTCollection(SRC)
face = next(f for f in coll.fonts if "Noto Sans CJK SC" in f["name"].getDebugName(1))

chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2000, 0x2070))
# Letterlike symbols, arrows and the mathematical operators (U+2212 MINUS SIGN: −15.39 %).
chars |= set(range(0x2100, 0x2300)) | set(range(0x2460, 0x24FF))
chars |= set(range(0x25A0, 0x2700)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
# Enclosed CJK letters and the CJK compatibility units (㎡ ㎏ ㎞ ℃ appear in store and product text).
chars |= set(range(0x3200, 0x3400))
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
# Characters common in Chinese business text but outside GB2312.
chars |= {ord(c) for c in "啰瞭叁镕喆昇堃珺玥赟犇淼垚鑫焱燚"}

opts = subset.Options()
opts.layout_features = ["*"]
opts.name_IDs = ["*"]
opts.name_languages = ["*"]
opts.notdef_outline = True
opts.desubroutinize = False
sub = subset.Subsetter(opts)
sub.populate(unicodes=chars)
sub.subset(face)
face.save(OUT)
print(OUT, OUT.stat().st_size, "bytes,", len(chars), "code points")
