//! `metodika new DIR`: a site that builds at once, whose files teach the formats.

use std::path::{Path, PathBuf};

use crate::config::Language;
use crate::theme::embedded_default_theme;

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

/// The files of a new site: (path, text).
pub fn scaffold(language: Language) -> Vec<(&'static str, &'static str)> {
    match language {
        Language::Lv => vec![
            ("site.yaml", LV_SITE),
            ("content/_index.md", LV_HOME),
            ("content/pakalpojumi/_index.md", LV_SECTION),
            ("content/pakalpojumi/krizes-dzivoklis.md", LV_PAGE),
            ("content/pakalpojumi/shema.svg", LV_SVG),
            ("content/vardnica.md", LV_GLOSSARY),
            ("content/pakalpojumi/paskontrole.md", LV_QUIZ),
            ("content/pakalpojumi/pieskirsana.md", LV_CHECKLIST),
            ("content/pakalpojumi/konsultacijas.md", LV_SERVICE),
            ("content/algoritms.md", LV_ALGORITHM),
        ],
        Language::En => vec![
            ("site.yaml", EN_SITE),
            ("content/_index.md", EN_HOME),
            ("content/services/_index.md", EN_SECTION),
            ("content/services/crisis-apartment.md", EN_PAGE),
            ("content/services/diagram.svg", EN_SVG),
            ("content/glossary.md", EN_GLOSSARY),
            ("content/services/self-check.md", EN_QUIZ),
            ("content/services/granting.md", EN_CHECKLIST),
            ("content/services/consultations.md", EN_SERVICE),
            ("content/algorithm.md", EN_ALGORITHM),
        ],
    }
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

const LV_GLOSSARY: &str = r#"---
# Satura veids `glossary`: termini ar saīsinājumu, skaidrojumu, sinonīmiem un "sk. arī".
title: Vārdnīca
description: Terminu un saīsinājumu skaidrojumi.
weight: 90
kind: glossary
entries:
  - term: Valsts policija         # obligāts: termins pilnā rakstībā
    abbr: VP                      # saīsinājuma pirmo lietojumu katrā lapā parāda ar <abbr>
    id: vp                        # enkurs (vardnica.md#vp); ja nav, to veido no termina
    definition: |                 # obligāts: Markdown, saites kā lapas tekstā
      Viena no institūcijām, kas reaģē uz vardarbības ģimenē gadījumiem
      (sk. [krīzes dzīvoklis](pakalpojumi/krizes-dzivoklis.md)).
    synonyms: [policija]          # citi nosaukumi, ko lasītāji meklē
    see_also: [bāriņtiesa]        # citi šķirkļi pēc termina, saīsinājuma vai id
  - term: Bāriņtiesa
    definition: Pašvaldības iestāde, kas aizsargā bērna tiesības un intereses.
---

Vārdnīcas ievads. Šķirkļi seko alfabēta secībā; virs tiem ir meklēšanas lauks.
"#;

const EN_GLOSSARY: &str = r#"---
# The content kind `glossary`: terms with an abbreviation, a definition, synonyms and "see also".
title: Glossary
description: Terms and abbreviations explained.
weight: 90
kind: glossary
entries:
  - term: State Police            # required: the term written out in full
    abbr: SP                      # its first use on every page is shown as <abbr>
    id: sp                        # the anchor (glossary.md#sp); made from the term when absent
    definition: |                 # required: Markdown, links as in a page's text
      One of the institutions that respond to domestic violence
      (see [crisis apartment](services/crisis-apartment.md)).
    synonyms: [police]            # other names readers search for
    see_also: [orphan's court]    # other entries by term, abbreviation or id
  - term: Orphan's court
    definition: The municipal institution that protects a child's rights and interests.
---

The glossary's introduction. The entries follow in alphabetical order, with a filter above them.
"#;

const LV_QUIZ: &str = r#"---
# Satura veids `quiz`: paškontroles tests. Visi jautājumu veidi un atslēgas: README.
title: Paškontrole
description: Īss tests par krīzes dzīvokli.
weight: 20
kind: quiz
intro: Atbildiet un pārbaudiet atbildi uzreiz.   # Markdown virs jautājumiem
pass_mark: 80                     # cik procentu punktu vajag, lai nokārtotu (0–100)
shuffle: true                     # katrā mēģinājumā jaukt atbilžu variantus
# pool: 2                         # katrā mēģinājumā izvēlēties 2 no jautājumiem
questions:
  - type: single                  # viena pareiza atbilde
    id: kops-kada                # enkurs (paskontrole.md#kops-kada); nav obligāts
    question: No kura datuma pieejams krīzes dzīvoklis?
    hint: Sk. lapu [Krīzes dzīvoklis](krizes-dzivoklis.md).
    options:
      - text: No 2023. gada 1. jūlija
        correct: true
        feedback: Pareizi.        # parāda, ja izvēlas šo variantu
      - No 2020. gada 1. janvāra  # vienkāršs teksts: nepareizs variants
    explanation: Krīzes dzīvoklis pieejams no 01.07.2023.
  - type: multiple                # visas pareizās; daļēji punkti
    question: Kas jāizvērtē pirms krīzes dzīvokļa piešķiršanas?
    options:
      - text: Iespēja iesniegt pieteikumu pagaidu aizsardzībai pret vardarbību
        correct: true
      - text: Veselībai un dzīvībai bīstamo faktoru novērtējums
        correct: true
      - Personas ienākumi
  - type: true_false
    question: Krīzes dzīvoklis ir pieejams visā Latvijā.
    answer: true
  - type: matching                # pāri: kreisā puse → labā puse
    question: Kam paredzēts pakalpojums?
    pairs:
      - left: Krīzes dzīvoklis
        right: Cietušajiem
      - left: Grupu nodarbības
        right: Veikušajiem
  - type: ordering                # soļi pareizā secībā; lasītājs tos redz sajauktus
    question: Sakārtojiet sociālā darbinieka rīcības virzienus, kā tie nosaukti prezentācijā.
    steps: [Saziņa, Sadarbība, Informēšana]
  - type: text                    # īsa atbilde; reģistrs un garumzīmes nav svarīgi
    question: Kura iestāde aizsargā bērna tiesības un intereses pašvaldībā?
    answers: [bāriņtiesa]
  - type: scenario                # situācijas apraksts un jautājumi par to
    scenario: Policija ir nosūtījusi ziņojumu par notikumu sociālajam dienestam.
    questions:
      - type: true_false
        question: Sociālais darbinieks rīkojas, saņemot ziņojumu.
        answer: true
---

Teksts virs testa. Testu var ievietot arī jebkurā lapā kā bloku ```` ```quiz ````.
"#;

const EN_QUIZ: &str = r#"---
# The content kind `quiz`: a self-check quiz. Every question type and key: see the README.
title: Self-check
description: A short quiz on the crisis apartment.
weight: 20
kind: quiz
intro: Answer and check each answer at once.   # Markdown above the questions
pass_mark: 80                     # percentage of points needed to pass (0-100)
shuffle: true                     # shuffle the options on every attempt
# pool: 2                         # ask 2 of the questions on each attempt
questions:
  - type: single                  # one right option
    id: since-when                # anchor (self-check.md#since-when); optional
    question: Since when is the crisis apartment available?
    hint: See [Crisis apartment](crisis-apartment.md).
    options:
      - text: Since 1 July 2023
        correct: true
        feedback: Right.          # shown when this option is chosen
      - Since 1 January 2020      # a plain text is a wrong option
    explanation: The crisis apartment has been available since 1 July 2023.
  - type: multiple                # every right option; partial credit
    question: What must be assessed before a crisis apartment is granted?
    options:
      - text: Whether to apply for temporary protection against violence
        correct: true
      - text: The assessment of factors dangerous to health and life
        correct: true
      - The person's income
  - type: true_false
    question: The crisis apartment is available throughout Latvia.
    answer: true
  - type: matching                # pairs: left -> right
    question: Who is the service for?
    pairs:
      - left: Crisis apartment
        right: Victims
      - left: Group sessions
        right: Perpetrators
  - type: ordering                # steps in the right order; readers see them shuffled
    question: Put the social worker's lines of action in the order the presentation names them.
    steps: [Contact, Cooperation, Informing]
  - type: text                    # short answer; case and accents do not matter
    question: Which municipal institution protects a child's rights and interests?
    answers: [orphan's court, orphans court]
  - type: scenario                # a case and questions about it
    scenario: The police have sent a report on an incident to the social service.
    questions:
      - type: true_false
        question: The social worker acts on receiving the report.
        answer: true
---

Text above the quiz. A quiz can also sit in any page as a ```` ```quiz ```` block.
"#;

const LV_CHECKLIST: &str = r#"---
# Satura veids `checklist`: lēmuma kontrolsaraksts. Atbildes: jā, nē, nav zināms.
title: Krīzes dzīvokļa piešķiršana
description: Kontrolsaraksts pirms lēmuma.
weight: 30
kind: checklist
items:
  - type: exclusion               # required (jābūt), exclusion (nedrīkst būt) vai note
    id: pasnavibas-meginajums     # enkurs; nav obligāts
    text: Persona ir mēģinājusi izdarīt pašnāvību.
  - type: required
    id: novertejums
    text: Novērtējums ir aizpildīts un rāda augstu vardarbības risku.
    explanation: Veselībai un dzīvībai bīstamo faktoru novērtējums.   # nav obligāts
  - type: note
    text: Lēmumu pieņem speciālists.
outcomes:                         # pirmais atbilstošais noteikums der; `otherwise` – pēdējais
  - when: exclusion               # konstatēts kāds izslēgšanas kritērijs
    title: Krīzes dzīvokli nepiešķir
    guidance: Meklējiet citu atbalstu.
  - when: not_met                 # uz kādu nosacījumu atbildēts „Nē”
    title: Nosacījumi nav izpildīti
    guidance: Krīzes dzīvokli nepiešķir; apsveriet citu atbalstu.
  - when: all_required            # viss obligātais izpildīts, nekas neizslēdz
    title: Krīzes dzīvokli var piešķirt
  - when: otherwise               # citādi: lapa parāda, kas vēl jānoskaidro
    title: Vēl nav izlemts
---

Teksts virs saraksta.
"#;

const LV_SERVICE: &str = r#"---
# Satura veids `service`: pakalpojuma apraksts. Visi pakalpojumi: services.html.
title: Individuālās konsultācijas
description: Pakalpojuma piemērs.
weight: 40
kind: service
for: [victims]                    # victims un/vai perpetrators
ages: [adults]                    # adults, children, families
includes: Individuālas konsultācijas.
provider: Pakalpojuma sniedzējs
available: Pašvaldībā
eligibility:
  - Vardarbībā cietusi pilngadīga persona.
apply: Sociālajā dienestā.
related:
  - "[Krīzes dzīvoklis](krizes-dzivoklis.md)"
---

Pakalpojuma apraksts.
"#;

const LV_ALGORITHM: &str = r#"---
# Satura veids `algorithm`: kas ko dara un kādā secībā. Shēmu zīmē būvējot.
title: Sadarbības algoritms
description: Algoritma piemērs.
weight: 20
kind: algorithm
actors:                           # katram sava josla shēmā
  - id: vp
    name: Valsts policija
  - id: sd
    name: Sociālais dienests
start: zinojums
steps:
  - id: zinojums
    actor: vp
    action: Sagatavo ziņojumu par notikumu
    next: sazina
  - id: sazina
    actor: sd
    action: Sazinās ar cietušo personu
    next: risks
  - id: risks
    actor: sd
    decision: Vai risks ir augsts?
    branches:
      - label: "Jā"
        next: kriteriji
      - label: "Nē"
        next: konsultacijas
  - id: kriteriji
    actor: sd
    action: Izvērtē krīzes dzīvokļa piešķiršanu
    details: Sk. [pārbaudes sarakstu](pakalpojumi/pieskirsana.md).
  - id: konsultacijas
    actor: sd
    action: Piedāvā individuālās konsultācijas
---

Algoritma apraksts.
"#;

const EN_CHECKLIST: &str = r#"---
# The content kind `checklist`: a decision checklist. Answers: yes, no, not known.
title: Granting a crisis apartment
description: A checklist before the decision.
weight: 30
kind: checklist
items:
  - type: exclusion               # required (must hold), exclusion (must not hold) or note
    id: suicide-attempt           # anchor; optional
    text: The person has attempted suicide.
  - type: required
    id: assessment
    text: The risk assessment is complete and shows a high risk of violence.
    explanation: The assessment of factors dangerous to health and life.   # optional
  - type: note
    text: The specialist decides.
outcomes:                         # the first rule that applies wins; `otherwise` comes last
  - when: exclusion               # an exclusion holds
    title: Do not grant a crisis apartment
    guidance: Look for other support.
  - when: not_met                 # a required item is answered no
    title: The conditions are not met
    guidance: Do not grant a crisis apartment; consider other support.
  - when: all_required            # everything required holds, nothing excludes
    title: A crisis apartment may be granted
  - when: otherwise               # else: the page lists what is still to clarify
    title: Not decided yet
---

Text above the checklist.
"#;

const EN_SERVICE: &str = r#"---
# The content kind `service`: a service description. All services: services.html.
title: Individual consultations
description: An example service.
weight: 40
kind: service
for: [victims]                    # victims and/or perpetrators
ages: [adults]                    # adults, children, families
includes: Individual consultations.
provider: A service provider
available: In the municipality
eligibility:
  - An adult victim of violence.
apply: At the social service.
related:
  - "[Crisis apartment](crisis-apartment.md)"
---

The service's description.
"#;

const EN_ALGORITHM: &str = r#"---
# The content kind `algorithm`: who does what, in which order. The chart is drawn at build time.
title: Cooperation algorithm
description: An example algorithm.
weight: 20
kind: algorithm
actors:                           # one lane each in the chart
  - id: sp
    name: State Police
  - id: ss
    name: Social service
start: report
steps:
  - id: report
    actor: sp
    action: Writes the report on the incident
    next: contact
  - id: contact
    actor: ss
    action: Contacts the victim
    next: risk
  - id: risk
    actor: ss
    decision: Is the risk high?
    branches:
      - label: "Yes"
        next: criteria
      - label: "No"
        next: consultations
  - id: criteria
    actor: ss
    action: Considers granting a crisis apartment
    details: See [the checklist](services/granting.md).
  - id: consultations
    actor: ss
    action: Offers individual consultations
---

The algorithm's description.
"#;

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
audience: [social service, orphan's court]   # who the page is written for
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
