//! The words `beleid init --policy` writes itself, per language: the name
//! of an organisation as it reads inside a sentence, page titles, default
//! owner and contact values, and the short home page.
//!
//! Dutch and English are written out; any other language gets the English
//! words, which the user translates in the files init wrote.

/// Public bodies whose Dutch name starts with a common noun: (prefix,
/// Dutch in-sentence form, English form). `{}` is the rest of the name.
const PUBLIC_BODIES: &[(&str, &str, &str)] = &[
    ("gemeente ", "de gemeente {}", "{} municipality"),
    ("provincie ", "de provincie {}", "the province of {}"),
    ("waterschap ", "het waterschap {}", "the {} water board"),
];

/// The organisation's name as it reads inside a sentence in `lang`:
/// Dutch needs the article in lower case ("de Voorbeeldorganisatie", "de
/// gemeente Zuiderhaven"); English turns a Dutch public body round
/// ("Zuiderhaven municipality"). Other names stay as they are.
pub(crate) fn in_text(name: &str, lang: &str) -> String {
    let name = name.trim();
    for (prefix, dutch, english) in PUBLIC_BODIES {
        let starts = name.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
        if starts && name.len() > prefix.len() {
            let rest = name[prefix.len()..].trim_start();
            return if lang == "nl" { dutch } else { english }.replace("{}", rest);
        }
    }
    if lang == "nl" {
        for article in ["De ", "Het "] {
            if let Some(rest) = name.strip_prefix(article) {
                return format!("{}{rest}", article.to_lowercase());
            }
        }
    }
    name.to_string()
}

/// The host of an http(s) address without `www.` (`zuiderhaven.nl`), if
/// it has one.
pub(crate) fn host(base_url: &str) -> Option<String> {
    let rest = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host).to_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The words of one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Words {
    /// The policy's title, alone.
    pub(crate) policy: &'static str,
    /// The policy page's URL name.
    pub(crate) policy_slug: &'static str,
    /// The description of the policy page and home; `{org}` is the name in a sentence.
    pub(crate) description: &'static str,
    /// The title of the `beleid/` section, its slug (empty: the folder name).
    pub(crate) section: (&'static str, &'static str),
    /// The title of the `gids/` section (holding the FAQ), its slug.
    pub(crate) questions_section: (&'static str, &'static str),
    /// The site title after the organisation's name.
    pub(crate) site_title: &'static str,
    /// The default policy owner.
    pub(crate) owner: &'static str,
    /// The comment on adding the approval, written in the policy's front matter.
    pub(crate) approval_hint: &'static str,
    /// The mailbox name before `@` of the derived e-mail address.
    pub(crate) mailbox: &'static str,
    /// Values to fill in: contact name, phone, address.
    pub(crate) to_fill_in: [(&'static str, &'static str); 3],
    /// The home page body; `{policy}` and `{faq}` are link lines.
    pub(crate) home: &'static str,
    /// The link line to the policy; `{link}` is its path.
    pub(crate) read_policy: &'static str,
    /// The link line to the FAQ; `{link}` is its path.
    pub(crate) read_faq: &'static str,
}

const NL: Words = Words {
    policy: "Socialemediabeleid",
    policy_slug: "socialemediabeleid",
    description: "Het socialemediabeleid van {org}: hoe we sociale media gebruiken, zakelijk en privé.",
    section: ("Beleid", ""),
    questions_section: ("Vragen", "vragen"),
    site_title: "socialemediabeleid",
    owner: "Communicatie",
    approval_hint: "Vul na de vaststelling in: approved_by = \"wie het beleid vaststelde\" en approved = JJJJ-MM-DD",
    mailbox: "communicatie",
    to_fill_in: [
        ("contact_name", "(naam contactpersoon invullen)"),
        ("phone", "(telefoonnummer invullen)"),
        ("address", "(adres invullen)"),
    ],
    home: "Op deze site staat het socialemediabeleid van {{ extra.organisation_in_text }}. Het beschrijft hoe we sociale media gebruiken, zakelijk en privé, wie namens de organisatie spreekt en waar je terechtkunt met vragen.\n\n{policy}{faq}\nVragen over het beleid? Mail naar [{{ extra.email }}](mailto:{{ extra.email }}).\n",
    read_policy: "- [Lees het socialemediabeleid]({link})\n",
    read_faq: "- [Veelgestelde vragen]({link})\n",
};

const EN: Words = Words {
    policy: "Social media policy",
    policy_slug: "social-media-policy",
    description: "The social media policy of {org}: how we use social media, for work and in private.",
    section: ("Policy", "policy"),
    questions_section: ("Questions", "questions"),
    site_title: "social media policy",
    owner: "Communications",
    approval_hint: "Once the policy is adopted, add: approved_by = \"who adopted it\" and approved = YYYY-MM-DD",
    mailbox: "communications",
    to_fill_in: [
        ("contact_name", "(contact name to fill in)"),
        ("phone", "(phone number to fill in)"),
        ("address", "(address to fill in)"),
    ],
    home: "This site holds the social media policy of {{ extra.organisation_in_text }}. It describes how we use social media, for work and in private, who speaks for the organisation and where to go with questions.\n\n{policy}{faq}\nQuestions about the policy? Email [{{ extra.email }}](mailto:{{ extra.email }}).\n",
    read_policy: "- [Read the social media policy]({link})\n",
    read_faq: "- [Frequently asked questions]({link})\n",
};

/// The words for a language code.
pub(crate) fn words(lang: &str) -> &'static Words {
    if lang == "nl" { &NL } else { &EN }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_inside_a_sentence() {
        for (name, lang, expected) in [
            ("De Voorbeeldorganisatie", "nl", "de Voorbeeldorganisatie"),
            ("de Voorbeeldorganisatie", "nl", "de Voorbeeldorganisatie"),
            ("Het Waterlab", "nl", "het Waterlab"),
            ("Gemeente Zuiderhaven", "nl", "de gemeente Zuiderhaven"),
            ("gemeente Zuiderhaven", "nl", "de gemeente Zuiderhaven"),
            ("Gemeente Zuiderhaven", "en", "Zuiderhaven municipality"),
            ("Provincie Noordland", "nl", "de provincie Noordland"),
            ("Waterschap Aa", "en", "the Aa water board"),
            ("Acme B.V.", "nl", "Acme B.V."),
            ("De Voorbeeldorganisatie", "en", "De Voorbeeldorganisatie"),
            ("Gemeente", "nl", "Gemeente"),
        ] {
            assert_eq!(in_text(name, lang), expected, "{name} ({lang})");
        }
    }

    #[test]
    fn hosts_of_addresses() {
        assert_eq!(host("https://www.Zuiderhaven.nl/beleid/").as_deref(), Some("zuiderhaven.nl"));
        assert_eq!(host("http://localhost:1111").as_deref(), Some("localhost"));
        assert_eq!(host("ftp://x"), None);
        assert_eq!(host("https:///"), None);
    }
}
