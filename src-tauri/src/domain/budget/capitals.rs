//! 大写金额: an amount in Chinese capitals as printed forms and banks require it —
//! 壹仟贰佰叁拾肆元伍角陆分, 壹万零伍元整 — following the People's Bank rules: 壹拾 with its
//! digit; one 零 for a run of zeros between digits (also across 万 and 亿); 零 between 元 and
//! 角 when the units of yuan are zero (壹拾万柒仟元零伍角叁分, the rules' own example); 元…整 when there is no 角 or 分, nothing after 角 or 分.

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL: [&str; 4] = ["", "拾", "佰", "仟"];
const LARGE: [&str; 4] = ["", "万", "亿", "万亿"];

/// The yuan part in capitals (零 for nothing).
fn yuan_words(mut n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    let mut groups = Vec::new();
    while n > 0 {
        groups.push(n % 10_000);
        n /= 10_000;
    }
    let mut out = String::new();
    let mut started = false;
    let mut zero = false;
    for (gi, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            zero |= started;
            continue;
        }
        let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        for (i, d) in digits.into_iter().enumerate() {
            let pos = 3 - i;
            if d == 0 {
                // A zero before a later digit of the group reads 零; zeros that end a group
                // do not (壹拾万柒仟): the next group's own zeros, or a group of zeros, do.
                zero |= started && digits[i + 1..].iter().any(|x| *x != 0);
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            out.push(DIGITS[d as usize]);
            out.push_str(SMALL[pos]);
            started = true;
        }
        out.push_str(LARGE.get(gi).copied().unwrap_or(""));
    }
    out
}

/// An amount in fen in capitals; None for a negative amount.
pub fn in_capitals(fen: i64) -> Option<String> {
    let fen = u64::try_from(fen).ok()?;
    let yuan = fen / 100;
    let jiao = (fen / 10 % 10) as usize;
    let cents = (fen % 10) as usize;
    let mut out = String::new();
    if yuan > 0 {
        out.push_str(&yuan_words(yuan));
        out.push('元');
    }
    match (jiao, cents) {
        (0, 0) => {
            if yuan == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (0, c) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[c]);
            out.push('分');
        }
        (j, c) => {
            if yuan > 0 && yuan % 10 == 0 {
                out.push('零');
            }
            out.push(DIGITS[j]);
            out.push('角');
            if c > 0 {
                out.push(DIGITS[c]);
                out.push('分');
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::in_capitals;

    #[test]
    fn hand_checked_amounts() {
        for (fen, words) in [
            (123_456, "壹仟贰佰叁拾肆元伍角陆分"),
            (1_000_500, "壹万零伍元整"),
            (0, "零元整"),
            (56, "伍角陆分"),
            (6, "陆分"),
            (50, "伍角"),
            (1_000, "壹拾元整"),
            (1_500, "壹拾伍元整"),
            (123_406, "壹仟贰佰叁拾肆元零陆分"),
            (168_032, "壹仟陆佰捌拾元零叁角贰分"),
            (10_700_053, "壹拾万柒仟元零伍角叁分"),
            (100_500, "壹仟零伍元整"),
            (10_000_500, "壹拾万零伍元整"),
            (1_000_000, "壹万元整"),
            (10_000_000_000, "壹亿元整"),
            (10_000_000_100, "壹亿零壹元整"),
            (11_000_000_000, "壹亿壹仟万元整"),
            (10_001_000_000, "壹亿零壹万元整"),
            (12_345_678_900, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"),
            (100_010_000, "壹佰万零壹佰元整"),
            (10_000_100_000, "壹亿零壹仟元整"),
            (105_000, "壹仟零伍拾元整"),
            (1_200_000, "壹万贰仟元整"),
            (2_000_000_000_000_000, "贰拾万亿元整"),
        ] {
            assert_eq!(in_capitals(fen).as_deref(), Some(words), "{fen}");
        }
        assert_eq!(in_capitals(-1), None);
        assert!(in_capitals(i64::MAX).is_some());
    }
}
