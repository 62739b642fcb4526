//! A reader of Hunspell dictionaries (`.aff` + `.dic`) that lists the forms of each entry,
//! for the search index: every word of a site is mapped to the dictionary entries (lemmas) it
//! is a form of, and the index lists every form of those lemmas so that the browser only folds
//! a query word and looks it up.
//!
//! It reads what form generation needs: `SET` (UTF-8 only), `FLAG` (single characters only),
//! `PFX`/`SFX` groups with strip, add, continuation flags and condition, `CIRCUMFIX`,
//! `NEEDAFFIX` and `FULLSTRIP`; suggestion and compounding options are skipped, as they do not
//! change which words are forms of which entry. Forms are made the way Hunspell accepts them:
//! one or two suffixes (the second from the first one's continuation flags), a prefix on top
//! when both sides allow cross products, a circumfix only as a prefix and suffix pair.

use std::collections::{HashMap, HashSet};

/// The Latvian dictionary that ships with Metodika (LGPL-2.1+, see `dictionary/README.md`).
pub(crate) const LATVIAN_AFF: &str = include_str!("dictionary/lv_LV.aff");
pub(crate) const LATVIAN_DIC: &str = include_str!("dictionary/lv_LV.dic");

/// One position of an affix condition: a letter, or a `[...]` / `[^...]` class, or `.`.
#[derive(Debug, Clone)]
enum Position {
    Any,
    Letter(char),
    OneOf(Vec<char>, bool),
}

impl Position {
    fn admits(&self, c: char) -> bool {
        match self {
            Position::Any => true,
            Position::Letter(l) => *l == c,
            Position::OneOf(set, negated) => set.contains(&c) != *negated,
        }
    }
}

#[derive(Debug, Clone)]
struct Affix {
    strip: String,
    add: String,
    flags: Vec<char>,
    condition: Vec<Position>,
}

#[derive(Debug, Clone)]
struct Group {
    cross: bool,
    rules: Vec<Affix>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub word: String,
    flags: Vec<char>,
    /// The word has capitals (a name): its forms are compared in lower case.
    capitalised: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    suffixes: HashMap<char, Group>,
    prefixes: HashMap<char, Group>,
    circumfix: Option<char>,
    need_affix: Option<char>,
    full_strip: bool,
    pub entries: Vec<Entry>,
    /// Entries by their word in lower case.
    by_word: HashMap<String, Vec<u32>>,
    /// Suffix rules by the text they add: (group flag, rule index).
    by_suffix: HashMap<String, Vec<(char, usize)>>,
    /// Prefix rules by the text they add.
    by_prefix: HashMap<String, Vec<(char, usize)>>,
}

/// What is wrong with a dictionary file, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

fn parse_condition(text: &str) -> Option<Vec<Position>> {
    if text == "." {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => out.push(Position::Any),
            '[' => {
                let mut set = Vec::new();
                let mut negated = false;
                let mut closed = false;
                for (i, c) in chars.by_ref().enumerate() {
                    match c {
                        '^' if i == 0 => negated = true,
                        ']' => {
                            closed = true;
                            break;
                        }
                        c => set.push(c),
                    }
                }
                if !closed {
                    return None;
                }
                out.push(Position::OneOf(set, negated));
            }
            ']' => return None,
            c => out.push(Position::Letter(c)),
        }
    }
    Some(out)
}

/// `0` is Hunspell's empty string.
fn affix_text(text: &str) -> String {
    if text == "0" {
        String::new()
    } else {
        text.to_string()
    }
}

fn flags_of(text: &str) -> Vec<char> {
    text.chars().collect()
}

impl Dictionary {
    /// Reads an affix file and a dictionary file; an unreadable rule is an error (naming its
    /// line) rather than a silently smaller dictionary.
    pub fn parse(aff: &str, dic: &str) -> Result<Dictionary, DictionaryError> {
        let mut d = Dictionary::default();
        let err = |file, line, message: String| DictionaryError {
            file,
            line,
            message,
        };
        // Group headers say how many rules follow; the rules are then read as they come.
        let mut expected: HashMap<(bool, char), usize> = HashMap::new();
        for (i, line) in aff.lines().enumerate() {
            let line_no = i + 1;
            let fields: Vec<&str> = line.split_whitespace().collect();
            let Some(&head) = fields.first() else {
                continue;
            };
            match head {
                "SET"
                    if fields
                        .get(1)
                        .is_some_and(|s| !s.eq_ignore_ascii_case("UTF-8")) =>
                {
                    return Err(err(
                        "aff",
                        line_no,
                        format!(
                            "the affix file is in {}; Metodika reads UTF-8 dictionaries only (convert it with iconv)",
                            fields[1]
                        ),
                    ));
                }
                "FLAG" => {
                    return Err(err(
                        "aff",
                        line_no,
                        "FLAG long/num/UTF-8 flags are not supported; use a dictionary with one-character flags".into(),
                    ));
                }
                "CIRCUMFIX" => d.circumfix = fields.get(1).and_then(|f| f.chars().next()),
                "NEEDAFFIX" => d.need_affix = fields.get(1).and_then(|f| f.chars().next()),
                "FULLSTRIP" => d.full_strip = true,
                "PFX" | "SFX" => {
                    let suffix = head == "SFX";
                    let Some(flag) = fields.get(1).and_then(|f| f.chars().next()) else {
                        return Err(err("aff", line_no, format!("{head} without a flag")));
                    };
                    let groups = if suffix {
                        &mut d.suffixes
                    } else {
                        &mut d.prefixes
                    };
                    let remaining = expected.get(&(suffix, flag)).copied();
                    match remaining {
                        None | Some(0) if groups.contains_key(&flag) => {
                            return Err(err(
                                "aff",
                                line_no,
                                format!("more {head} {flag} rules than its header says"),
                            ));
                        }
                        None | Some(0) => {
                            // The header: PFX/SFX flag cross count.
                            let count = fields.get(3).and_then(|n| n.parse::<usize>().ok());
                            let (Some(cross), Some(count)) = (fields.get(2), count) else {
                                return Err(err(
                                    "aff",
                                    line_no,
                                    format!("expected `{head} {flag} Y|N count`"),
                                ));
                            };
                            groups.insert(
                                flag,
                                Group {
                                    cross: *cross == "Y",
                                    // The count is a hint: a huge one must not reserve memory.
                                    rules: Vec::with_capacity(count.min(4096)),
                                },
                            );
                            expected.insert((suffix, flag), count);
                        }
                        Some(n) => {
                            if fields.len() < 4 {
                                return Err(err(
                                    "aff",
                                    line_no,
                                    format!("expected `{head} {flag} strip add[/flags] condition`"),
                                ));
                            }
                            let (add, flags) = match fields[3].split_once('/') {
                                Some((a, f)) => (affix_text(a), flags_of(f)),
                                None => (affix_text(fields[3]), Vec::new()),
                            };
                            let condition = fields.get(4).copied().unwrap_or(".");
                            let Some(condition) = parse_condition(condition) else {
                                return Err(err(
                                    "aff",
                                    line_no,
                                    format!("cannot read the condition `{condition}`"),
                                ));
                            };
                            if let Some(g) = groups.get_mut(&flag) {
                                g.rules.push(Affix {
                                    strip: affix_text(fields[2]),
                                    add,
                                    flags,
                                    condition,
                                });
                            }
                            expected.insert((suffix, flag), n - 1);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut lines = dic.lines().enumerate();
        // The first line is the entry count (a hint only).
        lines.next();
        for (i, line) in lines {
            let line = line.trim_end_matches('\r');
            let entry = line.split([' ', '\t']).next().unwrap_or("");
            if entry.is_empty() {
                continue;
            }
            let (word, flags) = match entry.split_once('/') {
                Some((w, f)) => (w, flags_of(f)),
                None => (entry, Vec::new()),
            };
            if word.is_empty() {
                return Err(err("dic", i + 1, "an entry without a word".into()));
            }
            d.entries.push(Entry {
                word: word.to_string(),
                capitalised: word.chars().any(char::is_uppercase),
                flags,
            });
        }
        for (i, e) in d.entries.iter().enumerate() {
            d.by_word
                .entry(e.word.to_lowercase())
                .or_default()
                .push(i as u32);
        }
        for (index, groups) in [
            (&mut d.by_suffix, &d.suffixes),
            (&mut d.by_prefix, &d.prefixes),
        ] {
            let mut flags: Vec<&char> = groups.keys().collect();
            flags.sort();
            for flag in flags {
                for (i, rule) in groups[flag].rules.iter().enumerate() {
                    index.entry(rule.add.clone()).or_default().push((*flag, i));
                }
            }
        }
        Ok(d)
    }

    /// What the prefix rules add (`ne`, `jā`, `vis`), distinct and sorted.
    pub fn prefix_texts(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .by_prefix
            .keys()
            .filter(|a| !a.is_empty())
            .cloned()
            .collect();
        out.sort();
        out
    }

    /// The built-in Latvian dictionary.
    pub fn latvian() -> Dictionary {
        Dictionary::parse(LATVIAN_AFF, LATVIAN_DIC).expect("the built-in dictionary reads")
    }

    fn has(flags: &[char], flag: Option<char>) -> bool {
        flag.is_some_and(|f| flags.contains(&f))
    }

    /// Whether a suffix rule applies to `word`: it ends with what the rule strips, and its end
    /// (before stripping) meets the rule's condition.
    fn suffix_fits(&self, word: &str, rule: &Affix) -> bool {
        if !word.ends_with(rule.strip.as_str()) {
            return false;
        }
        if rule.strip.len() == word.len() && !self.full_strip {
            return false;
        }
        let mut tail = word.chars().rev();
        rule.condition
            .iter()
            .rev()
            .all(|pos| tail.next().is_some_and(|c| pos.admits(c)))
    }

    fn prefix_fits(&self, word: &str, rule: &Affix) -> bool {
        if !word.starts_with(rule.strip.as_str()) {
            return false;
        }
        if rule.strip.len() == word.len() && !self.full_strip {
            return false;
        }
        let mut head = word.chars();
        rule.condition
            .iter()
            .all(|pos| head.next().is_some_and(|c| pos.admits(c)))
    }

    /// `word` with a suffix rule applied, into `out`; false when the rule does not fit.
    fn suffixed(&self, word: &str, rule: &Affix, out: &mut String) -> bool {
        if !self.suffix_fits(word, rule) {
            return false;
        }
        out.clear();
        out.push_str(&word[..word.len() - rule.strip.len()]);
        out.push_str(&rule.add);
        true
    }

    fn prefixed(&self, word: &str, rule: &Affix, out: &mut String) -> bool {
        if !self.prefix_fits(word, rule) {
            return false;
        }
        out.clear();
        out.push_str(&rule.add);
        out.push_str(&word[rule.strip.len()..]);
        true
    }

    /// Prefixes allowed by `flags` on `form` (made with suffixes that allow cross products,
    /// `circumfixed` when one of them needs a circumfix prefix).
    fn with_prefixes(
        &self,
        form: &str,
        flags: &[&[char]],
        circumfixed: bool,
        buf: &mut String,
        emit: &mut dyn FnMut(&str),
    ) {
        let mut seen: Vec<char> = Vec::new();
        for f in flags.iter().flat_map(|f| f.iter()) {
            if seen.contains(f) {
                continue;
            }
            seen.push(*f);
            let Some(group) = self.prefixes.get(f) else {
                continue;
            };
            if !group.cross {
                continue;
            }
            for rule in &group.rules {
                let circumfix = Self::has(&rule.flags, self.circumfix);
                if circumfix != circumfixed || Self::has(&rule.flags, self.need_affix) {
                    continue;
                }
                if self.prefixed(form, rule, buf) {
                    emit(buf);
                }
            }
        }
    }

    /// Every form of an entry, or (`prefixes` false) those without a prefix.
    pub(crate) fn each_form_with(&self, entry: &Entry, prefixes: bool, emit: &mut dyn FnMut(&str)) {
        let word = entry.word.as_str();
        let mut first = String::new();
        let mut second = String::new();
        let mut buf = String::new();
        if !Self::has(&entry.flags, self.need_affix) {
            emit(word);
            // Prefixes on the bare word.
            for f in entry.flags.iter().filter(|_| prefixes) {
                let Some(group) = self.prefixes.get(f) else {
                    continue;
                };
                for rule in &group.rules {
                    if Self::has(&rule.flags, self.circumfix)
                        || Self::has(&rule.flags, self.need_affix)
                    {
                        continue;
                    }
                    if self.prefixed(word, rule, &mut buf) {
                        emit(&buf);
                    }
                }
            }
        }
        for f in &entry.flags {
            let Some(group) = self.suffixes.get(f) else {
                continue;
            };
            for rule in &group.rules {
                if !self.suffixed(word, rule, &mut first) {
                    continue;
                }
                let circumfix = Self::has(&rule.flags, self.circumfix);
                if !circumfix && !Self::has(&rule.flags, self.need_affix) {
                    emit(&first);
                }
                if group.cross && prefixes {
                    self.with_prefixes(
                        &first,
                        &[&entry.flags, &rule.flags],
                        circumfix,
                        &mut buf,
                        emit,
                    );
                }
                // A second suffix, from the first one's continuation flags.
                for f2 in &rule.flags {
                    let Some(group2) = self.suffixes.get(f2) else {
                        continue;
                    };
                    for rule2 in &group2.rules {
                        if !self.suffixed(&first, rule2, &mut second) {
                            continue;
                        }
                        let circumfix2 = circumfix || Self::has(&rule2.flags, self.circumfix);
                        if !circumfix2 && !Self::has(&rule2.flags, self.need_affix) {
                            emit(&second);
                        }
                        if group.cross && group2.cross && prefixes {
                            self.with_prefixes(
                                &second,
                                &[&entry.flags, &rule.flags, &rule2.flags],
                                circumfix2,
                                &mut buf,
                                emit,
                            );
                        }
                    }
                }
            }
        }
    }

    /// The distinct forms of an entry in lower case, sorted.
    pub fn forms(&self, entry: usize) -> Vec<String> {
        self.forms_with(entry, true)
    }

    /// The distinct forms of an entry in lower case, sorted; without those that have a
    /// prefix (`ne-`, `jā-`) when `prefixes` is false.
    pub fn forms_with(&self, entry: usize, prefixes: bool) -> Vec<String> {
        let mut out: HashSet<String> = HashSet::new();
        let e = &self.entries[entry];
        self.each_form_with(e, prefixes, &mut |f| {
            if e.capitalised {
                out.insert(f.to_lowercase());
            } else if !out.contains(f) {
                out.insert(f.to_string());
            }
        });
        let mut out: Vec<String> = out.into_iter().collect();
        out.sort_unstable();
        out
    }

    /// The entries (lemmas) that `word` (in lower case) is a form of, ascending: Hunspell's
    /// own analysis, run backwards over the same rules that [`Dictionary::each_form_with`] runs
    /// forwards, so that a word is a form of an entry exactly when the entry generates it.
    pub fn lemmas(&self, word: &str) -> Vec<u32> {
        let mut out = Vec::new();
        // The bare word.
        for &e in self.by_word.get(word).into_iter().flatten() {
            if !Self::has(&self.entries[e as usize].flags, self.need_affix) {
                out.push(e);
            }
        }
        self.suffix_analyses(word, None, &mut out);
        for (add, rules) in &self.by_prefix {
            let Some(rest) = word.strip_prefix(add.as_str()) else {
                continue;
            };
            for &(flag, i) in rules {
                let rule = &self.prefixes[&flag].rules[i];
                if Self::has(&rule.flags, self.need_affix) {
                    continue;
                }
                let rest = format!("{}{rest}", rule.strip);
                if !self.prefix_fits(&rest, rule) {
                    continue;
                }
                // A prefix on the bare word.
                if !Self::has(&rule.flags, self.circumfix) {
                    for &e in self.by_word.get(&rest).into_iter().flatten() {
                        let flags = &self.entries[e as usize].flags;
                        if flags.contains(&flag) && !Self::has(flags, self.need_affix) {
                            out.push(e);
                        }
                    }
                }
                self.suffix_analyses(&rest, Some((flag, rule)), &mut out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Analyses of `form` as an entry with one or two suffixes, under `prefix` when one was
    /// taken off the front.
    fn suffix_analyses(&self, form: &str, prefix: Option<(char, &Affix)>, out: &mut Vec<u32>) {
        let prefix_cross = prefix.is_none_or(|(f, _)| self.prefixes[&f].cross);
        let prefix_circumfix = prefix.is_some_and(|(_, p)| Self::has(&p.flags, self.circumfix));
        // Whether the prefix (if any) is allowed by these flags, and the circumfix agrees.
        let allowed = |flag_sets: &[&[char]], circumfix: bool, need: bool| match prefix {
            None => !circumfix && !need,
            Some((pflag, _)) => {
                prefix_cross
                    && circumfix == prefix_circumfix
                    && flag_sets.iter().any(|f| f.contains(&pflag))
            }
        };
        for (k, _) in form.char_indices().chain([(form.len(), ' ')]) {
            let Some(rules) = self.by_suffix.get(&form[k..]) else {
                continue;
            };
            for &(flag, i) in rules {
                let group = &self.suffixes[&flag];
                let rule = &group.rules[i];
                let mid = format!("{}{}", &form[..k], rule.strip);
                if !self.suffix_fits(&mid, rule) {
                    continue;
                }
                let circumfix = Self::has(&rule.flags, self.circumfix);
                let need = Self::has(&rule.flags, self.need_affix);
                // One suffix: `mid` is the entry.
                if prefix.is_none() || group.cross {
                    for &e in self.by_word.get(&mid).into_iter().flatten() {
                        let flags = &self.entries[e as usize].flags;
                        if flags.contains(&flag) && allowed(&[flags, &rule.flags], circumfix, need)
                        {
                            out.push(e);
                        }
                    }
                }
                // Two suffixes: `rule` was the second, from a first one's continuation flags.
                for (j, _) in mid.char_indices().chain([(mid.len(), ' ')]) {
                    let Some(firsts) = self.by_suffix.get(&mid[j..]) else {
                        continue;
                    };
                    for &(flag1, i1) in firsts {
                        let group1 = &self.suffixes[&flag1];
                        let rule1 = &group1.rules[i1];
                        if !rule1.flags.contains(&flag) {
                            continue;
                        }
                        if prefix.is_some() && !(group1.cross && group.cross) {
                            continue;
                        }
                        let root = format!("{}{}", &mid[..j], rule1.strip);
                        if !self.suffix_fits(&root, rule1) {
                            continue;
                        }
                        let circumfix2 = circumfix || Self::has(&rule1.flags, self.circumfix);
                        for &e in self.by_word.get(&root).into_iter().flatten() {
                            let flags = &self.entries[e as usize].flags;
                            if flags.contains(&flag1)
                                && allowed(&[flags, &rule1.flags, &rule.flags], circumfix2, need)
                            {
                                out.push(e);
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn latvian() -> &'static Dictionary {
        static D: OnceLock<Dictionary> = OnceLock::new();
        D.get_or_init(Dictionary::latvian)
    }

    fn lemmas(word: &str) -> Vec<String> {
        let d = latvian();
        let mut out: Vec<String> = d
            .lemmas(word)
            .iter()
            .map(|&i| d.entries[i as usize].word.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn the_built_in_dictionary_reads_whole() {
        let d = latvian();
        assert!(d.entries.len() > 66_000, "{}", d.entries.len());
        let rules: usize = d.suffixes.values().map(|g| g.rules.len()).sum();
        assert!(rules > 3_700, "{rules}");
        assert_eq!(d.circumfix, Some('|'));
        assert_eq!(d.need_affix, Some('{'));
    }

    #[test]
    fn nouns_map_to_their_lemma() {
        for w in [
            "vardarbība",
            "vardarbības",
            "vardarbību",
            "vardarbībā",
            "vardarbībām",
        ] {
            assert!(
                lemmas(w).contains(&"vardarbība".to_string()),
                "{w}: {:?}",
                lemmas(w)
            );
        }
        for w in ["bāriņtiesa", "bāriņtiesas", "bāriņtiesā", "bāriņtiesām"] {
            assert!(
                lemmas(w).contains(&"bāriņtiesa".to_string()),
                "{w}: {:?}",
                lemmas(w)
            );
        }
    }

    #[test]
    fn verbs_map_to_their_infinitive_with_prefixes_and_participles() {
        for w in [
            "strādāt",
            "strādāju",
            "strādājām",
            "jāstrādā",
            "nestrādā",
            "strādājošs",
            "strādās",
            "strādātu",
        ] {
            assert!(
                lemmas(w).contains(&"strādāt".to_string()),
                "{w}: {:?}",
                lemmas(w)
            );
        }
        assert!(
            lemmas("cēlu").contains(&"celt".to_string()),
            "{:?}",
            lemmas("cēlu")
        );
        assert!(
            lemmas("situ").contains(&"sist".to_string()),
            "{:?}",
            lemmas("situ")
        );
    }

    #[test]
    fn words_it_does_not_know_have_no_lemma() {
        assert!(lemmas("vbtai").is_empty());
        assert!(lemmas("strādājx").is_empty());
        // A circumfix suffix is never a word without its prefix.
        let forms = latvian().forms(
            latvian()
                .entries
                .iter()
                .position(|e| e.word == "strādāt")
                .unwrap(),
        );
        assert!(forms.contains(&"jāstrādā".to_string()));
        assert!(!forms.iter().any(|f| f.starts_with("jājā")));
    }

    #[test]
    fn conditions_and_bad_files() {
        let aff =
            "SET UTF-8\nSFX A Y 2\nSFX A a as [^k]a\nSFX A a ām/B .\nSFX B Y 1\nSFX B m s m\n";
        let d = Dictionary::parse(aff, "2\nmāja/A\nroka/A\n").unwrap();
        let sorted = |words: &[&str]| {
            let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(d.forms(0), sorted(&["māja", "mājas", "mājām", "mājās"]));
        // `[^k]a` keeps "rokas" out; the second suffix (B, from ām/B) makes "rokās".
        assert_eq!(d.forms(1), sorted(&["roka", "rokām", "rokās"]));
        let bad = Dictionary::parse("SFX A Y 1\nSFX A a as [^ka\n", "0\n").unwrap_err();
        assert_eq!((bad.file, bad.line), ("aff", 2));
        let bad = Dictionary::parse("SFX A Y x\n", "0\n").unwrap_err();
        assert_eq!(bad.line, 1);
        assert!(Dictionary::parse("SET ISO8859-13\n", "0\n").is_err());
    }

    /// Analysis runs generation backwards: every form an entry generates is analysed as a
    /// form of that entry, and nothing is analysed into an entry that does not generate it.
    #[test]
    fn analysis_and_generation_agree() {
        let d = latvian();
        let mut checked = 0;
        let mut forms: HashMap<u32, Vec<String>> = HashMap::new();
        for (id, e) in d.entries.iter().enumerate().step_by(613) {
            for form in d.forms(id) {
                let lemmas = d.lemmas(&form);
                assert!(
                    lemmas.contains(&(id as u32)),
                    "{form} of {}: {lemmas:?}",
                    e.word
                );
                for other in lemmas {
                    let of_other = forms
                        .entry(other)
                        .or_insert_with(|| d.forms(other as usize));
                    assert!(
                        of_other.binary_search(&form).is_ok(),
                        "{form} analysed as {}",
                        d.entries[other as usize].word
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 3_000, "{checked}");
    }

    #[test]
    fn forms_without_prefixes_leave_out_ne_and_ja() {
        let d = latvian();
        let id = d.entries.iter().position(|e| e.word == "strādāt").unwrap();
        let all = d.forms(id);
        let bare = d.forms_with(id, false);
        assert!(all.contains(&"nestrādāju".to_string()) && all.contains(&"jāstrādā".to_string()));
        assert!(bare.contains(&"strādāju".to_string()));
        assert!(
            bare.iter()
                .all(|f| !f.starts_with("ne") && !f.starts_with("jā")),
            "{bare:?}"
        );
        assert_eq!(d.prefix_texts(), ["jā", "ne", "vis"]);
    }
}
