"""What a commune's, ward's or enterprise's own figures say (scope "locality"): which indicators must go
down, and its standing in the new-rural programme. Patterns run on the folded text; all linear-time.
"""

from __future__ import annotations

import re

from daihoi.core.targets import rating
from daihoi.core.targets.text import pattern

# Indicators that must go down: a plain figure is an upper bound ("tỷ lệ hộ nghèo 1,5%" -> "<=").
# Cases: "tỷ lệ hộ nghèo đa chiều còn 0,23%", "tỷ lệ tăng dân số tự nhiên 0,9%", "trẻ em suy dinh
# dưỡng thể thấp còi 12%", "tỷ lệ sinh con thứ 3", "tỷ lệ thất nghiệp", "tai nạn giao thông".
LOWER_IS_BETTER = pattern(
    r"hộ nghèo|hộ cận nghèo|tỷ lệ nghèo|nghèo đa chiều|tăng dân số|gia tăng dân số|tăng tự nhiên"
    r"|suy dinh dưỡng|thấp còi|con thứ (?:3|ba)|thứ 3 trở lên|thất nghiệp|tai nạn|tội phạm|bỏ học"
    r"|mất cân bằng giới tính|tỷ số giới tính khi sinh|tử vong|ô nhiễm|nợ xấu|nợ đọng|tỷ lệ sinh(?!\s*viên)"
)
# "giảm bình quân 1,41%/năm", "giảm 2%": the figure is the decrease (">="), unless it is where the
# indicator must end ("giảm còn", "giảm xuống" — read by the comparator words).
DECREASE = pattern(r"(?<!\w)giảm(?!\w)(?!\s+(?:còn|xuống))")

# The new-rural standing of the locality ("xã đạt chuẩn nông thôn mới nâng cao"), the most demanding
# first; each a level code of rating.NEW_RURAL_SCHEME.
NEW_RURAL: list[tuple[re.Pattern[str], str]] = [
    (pattern(r"(?:nông thôn mới|ntm)\s+kiểu mẫu"), rating.MODEL_NEW_RURAL),
    (pattern(r"(?:nông thôn mới|ntm)\s+nâng cao"), rating.ADVANCED_NEW_RURAL),
    (pattern(r"(?:nông thôn mới|(?<!\w)ntm(?!\w))(?!\s+(?:kiểu mẫu|nâng cao))"), rating.NEW_RURAL),
]
