//! Finding and masking personal data before text leaves the browser.
//!
//! Shoppers paste card numbers, IBANs and phone numbers into support chats.
//! The redacted text is the only text Tandem ever sends or stores, so this
//! stage errs on the side of masking: any run of 13 or more digits (spaces
//! and dashes between them ignored) that holds a Luhn-valid card number of
//! 13 to 19 digits is masked whole. Checksums (Luhn, IBAN mod 97) keep
//! order numbers and amounts readable for the agent.

use serde::Serialize;

/// What kind of personal data was masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// A payment card number (Luhn-checked).
    CardNumber,
    /// A card security code next to a card word ("CVV 123").
    SecurityCode,
    /// An IBAN (mod-97 checked).
    Iban,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A national identity number (US SSN, UK NINO, Swedish personnummer).
    NationalId,
}

impl PiiKind {
    /// The placeholder that replaces the data in the text.
    pub fn placeholder(self) -> &'static str {
        match self {
            PiiKind::CardNumber => "[card number]",
            PiiKind::SecurityCode => "[security code]",
            PiiKind::Iban => "[IBAN]",
            PiiKind::Email => "[email]",
            PiiKind::Phone => "[phone number]",
            PiiKind::NationalId => "[national ID]",
        }
    }
}

/// Text with personal data masked, and what was masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// The text with each finding replaced by its placeholder.
    pub text: String,
    /// The kinds found, in order of appearance (repeats kept).
    pub found: Vec<PiiKind>,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: PiiKind,
}

/// Masks personal data in `text`. Runs in time linear in its length.
pub fn redact(text: &str) -> Redacted {
    // Every kind of personal data here holds a digit or an `@`; most
    // messages have neither and skip the scans.
    if !text.chars().any(|c| c == '@' || c.is_numeric()) {
        return Redacted {
            text: text.to_owned(),
            found: Vec::new(),
        };
    }
    // Digits from other scripts count as digits: a card number typed with a
    // Japanese keyboard's full-width digits is still a card number, and
    // normalisation would turn it into ASCII after this stage let it go.
    let chars: Vec<char> = text.chars().map(ascii_digit).collect();
    let mut spans = Vec::new();
    find_emails(&chars, &mut spans);
    find_ibans(&chars, &mut spans);
    find_ninos(&chars, &mut spans);
    find_digit_runs(&chars, &mut spans);
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut at = 0;
    for span in spans {
        if span.start < at {
            continue; // overlaps an earlier, longer finding
        }
        out.extend(&chars[at..span.start]);
        out.push_str(span.kind.placeholder());
        found.push(span.kind);
        at = span.end;
    }
    out.extend(&chars[at..]);
    Redacted { text: out, found }
}

/// Where the ten decimal digits of a script start: full-width, Arabic-Indic,
/// Extended Arabic-Indic, N'Ko, and the Indic, Thai, Lao, Tibetan and
/// Myanmar blocks.
const DIGIT_BLOCKS: [u32; 17] = [
    0xFF10, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040,
];

/// `c` as an ASCII digit when it is a decimal digit of another script.
fn ascii_digit(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let code = u32::from(c);
    DIGIT_BLOCKS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| char::from_digit(code - zero, 10))
        .unwrap_or(c)
}

fn overlaps(spans: &[Span], start: usize, end: usize) -> bool {
    spans.iter().any(|s| s.start < end && start < s.end)
}

fn is_boundary(chars: &[char], at: usize) -> bool {
    at == 0 || !chars[at - 1].is_alphanumeric()
}

fn find_emails(chars: &[char], spans: &mut Vec<Span>) {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    let mut last_end = 0;
    for at in 0..chars.len() {
        if chars[at] != '@' || at < last_end {
            continue;
        }
        let mut start = at;
        while start > last_end && local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain(chars[end]) {
            end += 1;
        }
        // A sentence's full stop is not part of the domain.
        while end > at + 1 && chars[end - 1] == '.' {
            end -= 1;
        }
        let host: String = chars[at + 1..end].iter().collect();
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
        });
        if start < at && tld_ok {
            spans.push(Span {
                start,
                end,
                kind: PiiKind::Email,
            });
            last_end = end;
        }
    }
}

/// IBAN: two letters, two check digits, 11 to 30 more letters or digits,
/// optionally in groups separated by single spaces; mod 97 must equal 1.
fn find_ibans(chars: &[char], spans: &mut Vec<Span>) {
    let mut at = 0;
    while at + 4 <= chars.len() {
        let starts = is_boundary(chars, at)
            && chars[at].is_ascii_alphabetic()
            && chars[at + 1].is_ascii_alphabetic()
            && chars[at + 2].is_ascii_digit()
            && chars[at + 3].is_ascii_digit();
        if !starts {
            at += 1;
            continue;
        }
        // Collect up to 34 significant characters and where each ends.
        let mut significant = Vec::new();
        let mut ends = Vec::new();
        let mut i = at;
        while i < chars.len() && significant.len() < 34 {
            let c = chars[i];
            if c.is_ascii_alphanumeric() {
                significant.push(c.to_ascii_uppercase());
                ends.push(i + 1);
                i += 1;
            } else if c == ' '
                && i + 1 < chars.len()
                && chars[i + 1].is_ascii_alphanumeric()
                && !significant.is_empty()
            {
                i += 1;
            } else {
                break;
            }
        }
        let valid_len = (15..=significant.len()).rev().find(|&len| {
            let end = ends[len - 1];
            (end == chars.len() || !chars[end].is_alphanumeric())
                && iban_checksum_ok(&significant[..len])
        });
        match valid_len {
            Some(len) => {
                let end = ends[len - 1];
                spans.push(Span {
                    start: at,
                    end,
                    kind: PiiKind::Iban,
                });
                at = end;
            }
            None => at += 1,
        }
    }
}

fn iban_checksum_ok(iban: &[char]) -> bool {
    let rearranged = iban[4..].iter().chain(&iban[..4]);
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// UK National Insurance number: `QQ 12 34 56 C`, spaces optional.
fn find_ninos(chars: &[char], spans: &mut Vec<Span>) {
    const BAD_FIRST: &str = "DFIQUV";
    const BAD_SECOND: &str = "DFIOQUV";
    for at in 0..chars.len() {
        if !is_boundary(chars, at) || !chars[at].is_ascii_alphabetic() {
            continue;
        }
        let mut compact = Vec::with_capacity(9);
        let mut end = at;
        while end < chars.len() && compact.len() < 9 {
            let c = chars[end];
            if c.is_ascii_alphanumeric() {
                compact.push(c.to_ascii_uppercase());
            } else if c != ' ' || compact.len() < 2 {
                break;
            }
            end += 1;
        }
        let shape = compact.len() == 9
            && !BAD_FIRST.contains(compact[0])
            && compact[0].is_ascii_alphabetic()
            && compact[1].is_ascii_alphabetic()
            && !BAD_SECOND.contains(compact[1])
            && compact[2..8].iter().all(char::is_ascii_digit)
            && ('A'..='D').contains(&compact[8])
            && (end == chars.len() || !chars[end].is_alphanumeric());
        if shape && !overlaps(spans, at, end) {
            spans.push(Span {
                start: at,
                end,
                kind: PiiKind::NationalId,
            });
        }
    }
}

/// A run of digits with the separators shoppers type between groups.
struct DigitRun {
    start: usize,
    end: usize,
    digits: Vec<u8>,
    /// Separator characters seen between digits, in order.
    separators: Vec<char>,
    /// Indices into `digits` where a new group starts after a separator.
    group_starts: Vec<usize>,
    plus: bool,
    paren: bool,
}

fn find_digit_runs(chars: &[char], spans: &mut Vec<Span>) {
    // What the other finders already masked, in order. A digit run stops
    // where one of them starts: a card number typed right before an email
    // that starts with a digit ("4111 1111 1111 1111 1a@b.se") is still a
    // card number, where a run overlapping the email used to be dropped
    // whole (found by the `triage_pipeline` fuzz target).
    let mut taken: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    taken.sort_unstable();
    let mut next = 0; // the first taken span that ends after `at`
    let mut at = 0;
    while at < chars.len() {
        while taken.get(next).is_some_and(|&(_, end)| end <= at) {
            next += 1;
        }
        let limit = match taken.get(next) {
            Some(&(start, end)) if start <= at => {
                at = end;
                continue;
            }
            Some(&(start, _)) => start,
            None => chars.len(),
        };
        let bounded = &chars[..limit];
        let c = chars[at];
        // The digit after an opener must be inside the bound too: "+1a@b.se"
        // is an email, and a run with no digits is no run.
        let opener =
            (c == '+' || c == '(') && bounded.get(at + 1).is_some_and(char::is_ascii_digit);
        if !(c.is_ascii_digit() || opener) || (at > 0 && chars[at - 1].is_ascii_digit()) {
            at += 1;
            continue;
        }
        let run = read_run(bounded, at);
        at = run.end.max(at + 1);
        if let Some(kind) = classify_run(chars, &run) {
            spans.push(Span {
                start: run.start,
                end: run.end,
                kind,
            });
        }
    }
}

fn read_run(chars: &[char], start: usize) -> DigitRun {
    let mut run = DigitRun {
        start,
        end: start,
        digits: Vec::new(),
        separators: Vec::new(),
        group_starts: Vec::new(),
        plus: chars[start] == '+',
        paren: chars[start] == '(',
    };
    let mut i = start;
    if run.plus || run.paren {
        i += 1;
    }
    let mut last_digit_end = i;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            run.digits.push(d as u8);
            i += 1;
            last_digit_end = i;
        } else if matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}')
            && !run.digits.is_empty()
        {
            // Allow any number of spaces and dashes between groups (that is
            // how cards get pasted), but a dot or slash only once in a row.
            let mut j = i;
            while j < chars.len()
                && matches!(chars[j], ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}')
            {
                j += 1;
            }
            let gap = &chars[i..j];
            let spacey = gap.iter().all(|g| matches!(g, ' ' | '-' | '\u{a0}'));
            if j < chars.len()
                && chars[j].is_ascii_digit()
                && (spacey || gap.len() == 1 || gap.iter().all(|g| matches!(g, ' ' | ')' | '(')))
            {
                run.separators.extend(gap.iter().copied());
                run.group_starts.push(run.digits.len());
                i = j;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    run.end = if run.paren && last_digit_end < chars.len() && chars[last_digit_end] == ')' {
        last_digit_end + 1
    } else {
        last_digit_end
    };
    run
}

fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// True if the run holds a Luhn-valid number of 13 to 19 digits: the whole
/// run, or a stretch of whole groups (a card typed next to its expiry or
/// security code merges into one run), or, for a long run typed without
/// separators, any stretch at all.
fn contains_card_number(run: &DigitRun) -> bool {
    let digits = &run.digits;
    let card_len = |len: usize| (13..=19).contains(&len);
    if card_len(digits.len()) && luhn_ok(digits) {
        return true;
    }
    if run.group_starts.is_empty() {
        return digits.len() > 19 && (13..=19).any(|len| digits.windows(len).any(luhn_ok));
    }
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(run.group_starts.iter().copied())
        .chain(std::iter::once(digits.len()))
        .collect();
    bounds.iter().enumerate().any(|(i, &from)| {
        bounds[i + 1..]
            .iter()
            .any(|&to| card_len(to - from) && luhn_ok(&digits[from..to]))
    })
}

fn classify_run(chars: &[char], run: &DigitRun) -> Option<PiiKind> {
    let n = run.digits.len();
    if n >= 13 && contains_card_number(run) {
        return Some(PiiKind::CardNumber);
    }
    if is_personnummer(run) || is_ssn(chars, run) {
        return Some(PiiKind::NationalId);
    }
    if (3..=4).contains(&n) && run.separators.is_empty() && near_card_word(chars, run.start) {
        return Some(PiiKind::SecurityCode);
    }
    // A date is not a phone number, though "03/04/1950" has the digits of
    // one: the agent needs the date of an order, a delivery or a birth.
    if is_date(run) {
        return None;
    }
    let grouped = run
        .separators
        .iter()
        .filter(|c| matches!(c, ' ' | '-' | '.'))
        .count()
        >= 2;
    let phone = (run.plus && (8..=15).contains(&n))
        || (run.digits[0] == 0 && (8..=12).contains(&n) && !run.plus)
        || (run.paren && (9..=12).contains(&n))
        || (grouped && (10..=12).contains(&n));
    phone.then_some(PiiKind::Phone)
}

/// Swedish personnummer: (YY)YYMMDD, a `-` or `+` or nothing, four digits,
/// a valid date and a Luhn check over the ten short-form digits.
fn is_personnummer(run: &DigitRun) -> bool {
    let digits = match run.digits.len() {
        10 => &run.digits[..],
        12 if matches!(run.digits[..2], [1, 9] | [2, 0]) => &run.digits[2..],
        _ => return false,
    };
    let separators_ok = run.separators.is_empty() || run.separators == ['-'];
    let month = digits[2] * 10 + digits[3];
    let day = digits[4] * 10 + digits[5];
    // Samordningsnummer add 60 to the day.
    let day_ok = (1..=31).contains(&day) || (61..=91).contains(&day);
    separators_ok && (1..=12).contains(&month) && day_ok && luhn_ok(digits)
}

/// A calendar date in one of the shapes people type: day and month (either
/// order) then a year, `03/04/1950`, `3.4.1950`, `12-05-1990`, or the year
/// first, `1990-05-12`, `2025/11/03`; one separator, used twice.
fn is_date(run: &DigitRun) -> bool {
    let [first, second] = run.group_starts[..] else {
        return false;
    };
    let separator = run.separators[0];
    if run.plus
        || run.paren
        || !matches!(separator, '/' | '.' | '-')
        || run.separators != [separator; 2]
    {
        return false;
    }
    let number = |digits: &[u8]| digits.iter().fold(0u32, |n, &d| n * 10 + u32::from(d));
    let groups = [
        &run.digits[..first],
        &run.digits[first..second],
        &run.digits[second..],
    ];
    let year = |g: &[u8]| g.len() == 4 && (1900..=2099).contains(&number(g));
    let day_or_month = |g: &[u8]| (1..=2).contains(&g.len()) && (1..=31).contains(&number(g));
    let month = |g: &[u8]| day_or_month(g) && number(g) <= 12;
    let day_month =
        |a: &[u8], b: &[u8]| day_or_month(a) && day_or_month(b) && (month(a) || month(b));
    match groups {
        [a, b, y] if year(y) => day_month(a, b),
        [y, m, d] if year(y) => month(m) && day_or_month(d),
        _ => false,
    }
}

/// US Social Security number written as `AAA-GG-SSSS` (or with spaces).
fn is_ssn(chars: &[char], run: &DigitRun) -> bool {
    if run.digits.len() != 9 || run.plus || run.paren {
        return false;
    }
    let text: String = chars[run.start..run.end].iter().collect();
    let groups: Vec<&str> = text.split(['-', ' ']).collect();
    let shape =
        groups.len() == 3 && groups[0].len() == 3 && groups[1].len() == 2 && groups[2].len() == 4;
    let area = &run.digits[..3];
    shape
        && area != [0, 0, 0]
        && area != [6, 6, 6]
        && area[0] != 9
        && run.digits[3..5] != [0, 0]
        && run.digits[5..] != [0, 0, 0, 0]
}

fn near_card_word(chars: &[char], at: usize) -> bool {
    const WORDS: &[&str] = &[
        "cvv",
        "cvc",
        "cv2",
        "security code",
        "card code",
        "code on the back",
        "sakerhetskod",
        "säkerhetskod",
        "cvc-kod",
        "prufnummer",
        "prüfnummer",
        "sicherheitscode",
    ];
    let from = at.saturating_sub(40);
    let before = crate::normalize::lowercase(&chars[from..at].iter().collect::<String>());
    WORDS.iter().any(|w| before.contains(w))
}

#[cfg(test)]
mod tests {
    use super::redact;
    use expect_test::{Expect, expect};

    fn check(input: &str, expect: Expect) {
        let redacted = redact(input);
        expect.assert_eq(&format!("{} {:?}", redacted.text, redacted.found));
    }

    #[test]
    fn card_numbers_in_any_grouping() {
        check(
            "my card is 4111 1111 1111 1111 thanks",
            expect!["my card is [card number] thanks [CardNumber]"],
        );
        check("4111-1111-1111-1111", expect!["[card number] [CardNumber]"]);
        check("4111111111111111", expect!["[card number] [CardNumber]"]);
        // Full-width digits (a Japanese keyboard) and Arabic-Indic ones.
        check(
            "４１１１ １１１１ １１１１ １１１１",
            expect!["[card number] [CardNumber]"],
        );
        check("٤١١١١١١١١١١١١١١١", expect!["[card number] [CardNumber]"]);
        check(
            "amex 3782 822463 10005.",
            expect!["amex [card number]. [CardNumber]"],
        );
        check(
            "4111  1111 -1111 1111 exp 12/27",
            expect!["[card number] exp 12/27 [CardNumber]"],
        );
        // The security code typed right after the card merges into one run.
        check(
            "4111 1111 1111 1111 123",
            expect!["[card number] [CardNumber]"],
        );
        check(
            "card 41111111111111119876543210",
            expect!["card [card number] [CardNumber]"],
        );
        // An email starting with a digit right after the card.
        check(
            "pay with 4111 1111 1111 1111 1a@b.se",
            expect!["pay with [card number] [email] [CardNumber, Email]"],
        );
        check(
            "4111 11114112111 1dw@se.dlivl",
            expect!["[card number] [email] [CardNumber, Email]"],
        );
        // An opener right before such an email opens nothing.
        check(
            "call +1a@b.se or (1a@b.se",
            expect!["call [email] or ([email] [Email, Email]"],
        );
    }

    #[test]
    fn numbers_that_fail_the_checks_stay() {
        check(
            "order 4111 1111 1111 1112",
            expect!["order 4111 1111 1111 1112 []"],
        );
        check(
            "tracking 1234567890123456",
            expect!["tracking 1234567890123456 []"],
        );
        check(
            "I paid 1 299,00 kr on order 55512",
            expect!["I paid 1 299,00 kr on order 55512 []"],
        );
        check(
            "SE45 5000 0000 0583 9825 7468",
            expect!["SE45 5000 0000 0583 9825 7468 []"],
        );
    }

    #[test]
    fn security_codes_near_card_words() {
        check(
            "the CVV is 123",
            expect!["the CVV is [security code] [SecurityCode]"],
        );
        check(
            "Säkerhetskod: 4567",
            expect!["Säkerhetskod: [security code] [SecurityCode]"],
        );
        check("I bought 123 items", expect!["I bought 123 items []"]);
    }

    #[test]
    fn ibans_with_checksums() {
        check(
            "IBAN SE45 5000 0000 0583 9825 7466 please",
            expect!["IBAN [IBAN] please [Iban]"],
        );
        check("de89370400440532013000", expect!["[IBAN] [Iban]"]);
        check("GB82 WEST 1234 5698 7654 32.", expect!["[IBAN]. [Iban]"]);
    }

    #[test]
    fn emails_and_phones() {
        check(
            "mail me at anna.b+shop@example.co.uk.",
            expect!["mail me at [email]. [Email]"],
        );
        check(
            "call +46 70 123 45 67 or 070-123 45 67",
            expect!["call [phone number] or [phone number] [Phone, Phone]"],
        );
        check("US: (555) 123-4567", expect!["US: [phone number] [Phone]"]);
        check(
            "Berlin 030/1234567, Stockholm 08-123 456 78",
            expect!["Berlin [phone number], Stockholm [phone number] [Phone, Phone]"],
        );
        check(
            "not an email: a@b, @home",
            expect!["not an email: a@b, @home []"],
        );
    }

    #[test]
    fn dates_stay_readable() {
        // A date of birth once came out as "DOB [phone number]".
        for date in [
            "03/04/1950",
            "3/4/1950",
            "03.04.1950",
            "12-05-1990",
            "12/31/2025",
            "1990-05-12",
            "2025/11/03",
            "2025.01.09",
        ] {
            let text = format!("DOB {date}, delivered 01/02/2025");
            assert_eq!(redact(&text).text, text, "{date}");
        }
        // Not dates: a phone number shaped like one, mixed separators, no
        // valid month, a year out of range.
        check(
            "07/07/2345 or 03/04-1950 or 13/13/1950 or 0301/23/4567",
            expect![
                "[phone number] or [phone number] or 13/13/1950 or [phone number] [Phone, Phone, Phone]"
            ],
        );
    }

    #[test]
    fn national_ids() {
        check("SSN 123-45-6789", expect!["SSN [national ID] [NationalId]"]);
        check(
            "NI number QQ 12 34 56 C is wrong, AB 12 34 56 C",
            expect!["NI number QQ 12 34 56 C is wrong, [national ID] [NationalId]"],
        );
        check(
            "personnummer 811218-9876",
            expect!["personnummer [national ID] [NationalId]"],
        );
        check("19811218-9876", expect!["[national ID] [NationalId]"]);
    }

    #[test]
    fn plain_text_is_untouched() {
        check("Where is my parcel?", expect!["Where is my parcel? []"]);
        check("", expect![" []"]);
    }
}
