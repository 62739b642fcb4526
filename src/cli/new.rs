//! `metodika new DIR`: a site that builds at once, whose files teach the formats.

use std::path::{Path, PathBuf};

use metodika_core::config::Language;
use metodika_site::theme::embedded_default_theme;

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Folder to create the site in (must not exist or be empty).
    pub dir: PathBuf,
    /// Language of the site and of the example content.
    #[arg(long, value_enum, default_value = "lv")]
    pub language: LanguageArg,
    /// Copy the default theme into themes/default/ to change it (otherwise the built-in one is used).
    #[arg(long)]
    pub copy_theme: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LanguageArg {
    Lv,
    En,
}

impl From<LanguageArg> for Language {
    fn from(l: LanguageArg) -> Language {
        match l {
            LanguageArg::Lv => Language::Lv,
            LanguageArg::En => Language::En,
        }
    }
}

pub fn run(args: NewArgs) -> i32 {
    if args.dir.exists()
        && std::fs::read_dir(&args.dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: {} already exists and is not empty; refusing to overwrite anything there\n  = hint: choose a new folder name",
            args.dir.display()
        );
        return EXIT_USAGE;
    }
    let mut files: Vec<(String, Vec<u8>)> = scaffold(args.language.into())
        .into_iter()
        .map(|(p, s)| (p.to_string(), s.as_bytes().to_vec()))
        .collect();
    if args.copy_theme {
        files.extend(
            embedded_default_theme()
                .map(|(rel, bytes)| (format!("themes/default/{rel}"), bytes.to_vec())),
        );
    }
    for (rel, bytes) in &files {
        let path = args.dir.join(rel);
        if let Err(e) = write(&path, bytes) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_CONTENT;
        }
    }
    let dir = args.dir.display();
    eprintln!("Created a new site in {dir} ({} files).", files.len());
    eprintln!("Next: `metodika serve --root {dir}` to preview it while you write, or `metodika build --root {dir}`.");
    EXIT_OK
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// The files of a new site: (path, text): the site's own, then each content kind's example.
pub fn scaffold(language: Language) -> Vec<(&'static str, &'static str)> {
    let mut files = match language {
        Language::Lv => vec![
            ("site.yaml", LV_SITE),
            ("content/_index.md", LV_HOME),
            ("content/pakalpojumi/_index.md", LV_SECTION),
            ("content/pakalpojumi/krizes-dzivoklis.md", LV_PAGE),
            ("content/pakalpojumi/shema.svg", LV_SVG),
        ],
        Language::En => vec![
            ("site.yaml", EN_SITE),
            ("content/_index.md", EN_HOME),
            ("content/services/_index.md", EN_SECTION),
            ("content/services/crisis-apartment.md", EN_PAGE),
            ("content/services/diagram.svg", EN_SVG),
        ],
    };
    files.extend(
        metodika_kinds::KINDS
            .iter()
            .flat_map(|k| k.info().new_site)
            .filter(|f| f.language == language)
            .map(|f| (f.path, f.text)),
    );
    files
}

const LV_SITE: &str = r#"# Vietnes iestatījumi. Obligāts ir tikai `title`.
title: "Mana metodika"
description: "Mācību un metodiskais materiāls speciālistiem."
# lv vai en: saskarnes teksti, izceltā teksta nosaukumi un kārtošana pēc alfabēta.
language: lv
# Tēma: mape themes/<nosaukums>/ vai iebūvētā `default`.
theme: default
# Publicēšanas adrese; vajadzīga tikai sitemap.xml. Saites lapās vienmēr paliek relatīvas.
# base_url: https://example.lv/metodika/
author: "Autors"
organisation: "Iestāde"
"#;

const LV_HOME: &str = r#"---
# Sākumlapa. Katram .md failam sākumā ir priekšvārds (YAML starp --- rindām).
title: Sākums
description: Šīs vietnes sākumlapa.
---

Šī ir jaunas vietnes sākumlapa. Lapas raksta Markdown formātā mapē `content/`.

- Katra mape ir sadaļa; tās `_index.md` dod sadaļas nosaukumu un ievadu.
- Katrs cits `.md` fails ir lapa.
- Saites raksta uz avota failiem, piemēram, [krīzes dzīvoklis](pakalpojumi/krizes-dzivoklis.md).

Sāciet ar sadaļu [Pakalpojumi](pakalpojumi/_index.md).
"#;

const LV_SECTION: &str = r#"---
title: Pakalpojumi
description: Sadaļas piemērs ar vienu lapu.
# weight nosaka secību starp blakus esošām lapām un sadaļām: mazākais vispirms.
weight: 10
---

Sadaļas ievads. Zem tā vietne pati uzskaita sadaļas lapas ar to aprakstiem.
"#;

const LV_PAGE: &str = r#"---
title: Krīzes dzīvoklis                  # obligāts
description: Lapas piemērs ar visiem satura formātiem.   # rāda sarakstos un meklēšanā
weight: 10                               # secība sadaļā (mazākais vispirms)
tags: [krīzes dzīvoklis, piemērs]        # birkas; katrai ir sava lapa
audience: [sociālais dienests, bāriņtiesa]   # kam lapa paredzēta
updated: 2026-01-15                      # pēdējo būtisko izmaiņu datums, GGGG-MM-DD
# draft: true                            # melnrakstu publicē tikai ar `metodika build --drafts`
# extra:                                 # brīvi lauki tēmām
#   ikona: maja
---

Lapas virsraksts nāk no priekšvārda, tāpēc tekstā virsrakstus sāk ar `##`.

## Kritēriji {#kriteriji}

Virsrakstam ir automātisks identifikators (`#kritēriji`); šeit tas dots pašrocīgi
(`{#kriteriji}`), lai saites uz to nemainītos, ja virsraksta teksts mainās.

> [!IMPORTANT]
> Izcelts teksts: `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` vai `[!CAUTION]`.

| Nosacījums | Izpildīts |
|---|:-:|
| Izvērtēta pagaidu aizsardzības iespēja | jā |
| Aizpildīts riska novērtējums | jā |

- [x] uzdevumu saraksts
- [ ] vēl neizdarītais

## Saites un attēli

Saite uz citu lapu ar virsrakstu: [sadaļas sākums](_index.md). Saite uz virsrakstu šajā
lapā: [kritēriji](#kriteriji). Ja saite vai virsraksts neeksistē, `metodika` parāda kļūdu
ar faila nosaukumu, rindu un kolonnu.

![Vienkārša shēma](shema.svg)

Zemsvītras piezīme[^1].

[^1]: Piezīmes teksts.
"#;

const LV_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 80" role="img"><title>Shēmas piemērs</title><rect x="4" y="20" width="120" height="40" rx="6" fill="#e6f0f7" stroke="#1b4f72"/><text x="64" y="45" font-size="14" text-anchor="middle" fill="#1b4f72">Policija</text><path d="M128 40h60" stroke="#1b4f72" stroke-width="2"/><path d="M188 34l10 6-10 6z" fill="#1b4f72"/><rect x="200" y="20" width="116" height="40" rx="6" fill="#e6f0f7" stroke="#1b4f72"/><text x="258" y="45" font-size="14" text-anchor="middle" fill="#1b4f72">Sociālais dienests</text></svg>
"##;

const EN_SITE: &str = r#"# Site settings. Only `title` is required.
title: "My methodology"
description: "Training and methodology material for specialists."
# lv or en: interface strings, callout labels and alphabetical order.
language: en
# Theme: a folder themes/<name>/ or the built-in `default`.
theme: default
# Where the site is published; only needed for sitemap.xml. Page links always stay relative.
# base_url: https://example.org/methodology/
author: "Author"
organisation: "Organisation"
"#;

const EN_HOME: &str = r#"---
# The home page. Every .md file starts with front matter (YAML between --- lines).
title: Home
description: The home page of this site.
---

This is the home page of a new site. Pages are Markdown files in `content/`.

- Every folder is a section; its `_index.md` gives the section's title and introduction.
- Every other `.md` file is a page.
- Links point at source files, e.g. [crisis apartment](services/crisis-apartment.md).

Start with the [Services](services/_index.md) section.
"#;

const EN_SECTION: &str = r#"---
title: Services
description: An example section with one page.
# weight orders sibling pages and sections: lower first.
weight: 10
---

The section's introduction. Below it the site lists the section's pages with their descriptions.
"#;

const EN_PAGE: &str = r#"---
title: Crisis apartment                  # required
description: An example page with every content format.   # shown in lists and search
weight: 10                               # order within the section (lower first)
tags: [crisis apartment, example]        # tags; each gets a page
audience: [social workers, orphan's court]   # who the page is written for
updated: 2026-01-15                      # date of the last substantive change, YYYY-MM-DD
# draft: true                            # drafts are published only with `metodika build --drafts`
# extra:                                 # free-form values for themes
#   icon: house
---

The page title comes from the front matter, so headings in the text start at `##`.

## Criteria {#criteria}

Headings get an id automatically (`#criteria`); here it is given explicitly
(`{#criteria}`) so links to it survive a change of wording.

> [!IMPORTANT]
> A callout: `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`.

| Condition | Met |
|---|:-:|
| Temporary protection considered | yes |
| Risk assessment completed | yes |

- [x] a task list
- [ ] something still to do

## Links and images

A link to another page: [section start](_index.md). A link to a heading on this page:
[criteria](#criteria). When a link or heading does not exist, `metodika` reports it with
the file name, line and column.

![A simple diagram](diagram.svg)

A footnote[^1].

[^1]: The footnote's text.
"#;

const EN_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 80" role="img"><title>Example diagram</title><rect x="4" y="20" width="120" height="40" rx="6" fill="#e6f0f7" stroke="#1b4f72"/><text x="64" y="45" font-size="14" text-anchor="middle" fill="#1b4f72">Police</text><path d="M128 40h60" stroke="#1b4f72" stroke-width="2"/><path d="M188 34l10 6-10 6z" fill="#1b4f72"/><rect x="200" y="20" width="116" height="40" rx="6" fill="#e6f0f7" stroke="#1b4f72"/><text x="258" y="45" font-size="14" text-anchor="middle" fill="#1b4f72">Social service</text></svg>
"##;
