//! `round`, `member`, `product` and `sheet` subcommands.

use std::collections::BTreeMap;

use super::{
    CliResult, Failure, LevelArg, MemberCommand, ProductCommand, RoundCommand, SheetCommand,
    cli_actor, print_json, print_table, round_actor,
};
use crate::app::failure::ImportError;
use crate::app::{Session, sheet_import};
use crate::domain::council::CouncilRules;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::round::RoundLevel;
use crate::exchange::sheet_file::{SHEET_FILE_FORMAT, SheetFile};
use crate::store::{NewProduct, NewRound, ProducerFacts};

fn fail(message: impl Into<String>) -> Failure {
    Failure(vec![message.into()])
}

/// An optional date argument as the round stores it (ISO), whichever accepted
/// form was typed (domain/date.rs).
fn iso_date_arg(label: &str, value: &Option<String>) -> Result<Option<String>, Failure> {
    value
        .as_deref()
        .map(|v| super::lifecycle::date_arg(label, v).map(|d| d.to_string()))
        .transpose()
}

pub(super) fn round(session: &mut Session, cmd: RoundCommand) -> CliResult {
    match cmd {
        RoundCommand::Create(args) => {
            let starts_on = iso_date_arg("--starts-on", &args.starts_on)?;
            let ends_on = iso_date_arg("--ends-on", &args.ends_on)?;
            let set = session
                .catalog()
                .set(&args.criteria_set)
                .cloned()
                .ok_or_else(|| {
                    fail(format!(
                        "unknown criteria set \"{}\" (see `criteria list`)",
                        args.criteria_set
                    ))
                })?;
            let new = NewRound {
                name: args.name.clone(),
                level: match args.level {
                    LevelArg::Provincial => RoundLevel::Provincial,
                    LevelArg::Central => RoundLevel::Central,
                },
                criteria_set: &set,
                starts_on,
                ends_on,
                rules: CouncilRules {
                    spread_threshold_points: args.spread,
                    quorum: args.quorum,
                    quorum_requires_chair: !args.no_chair_required,
                },
                star_marks_binding: !args.advisory_star_marks,
            };
            let id = session.store.create_round(&new, &cli_actor())?;
            out!("{id}");
            Ok(())
        }
        cmd @ (RoundCommand::Advance { .. }
        | RoundCommand::Finalize { .. }
        | RoundCommand::Reopen { .. }) => super::lifecycle::round(session, cmd),
        RoundCommand::List { json } => {
            let rounds = session.store.rounds()?;
            if json {
                return print_json(&rounds);
            }
            let rows: Vec<Vec<String>> = rounds
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.name.clone(),
                        r.status.as_str().into(),
                        r.criteria_set_id.clone(),
                        r.member_count.to_string(),
                        r.product_count.to_string(),
                    ]
                })
                .collect();
            print_table(
                &["id", "name", "status", "criteria", "members", "products"],
                &rows,
            );
            Ok(())
        }
    }
}

pub(super) fn member(session: &mut Session, cmd: MemberCommand) -> CliResult {
    match cmd {
        MemberCommand::Add {
            round,
            name,
            role,
            voting,
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                fail(format!(
                    "unknown role \"{role}\"; use one of: {}",
                    Role::ALL.map(Role::as_str).join(", ")
                ))
            })?;
            let voting = voting.unwrap_or(role.votes_by_default());
            let actor = round_actor(session, RoundId(round))?;
            let id = session
                .store
                .add_member(RoundId(round), &name, role, voting, &actor)?;
            out!("{id}");
            Ok(())
        }
        MemberCommand::List { round, json } => {
            let members = session.store.members(RoundId(round))?;
            if json {
                return print_json(&members);
            }
            let rows: Vec<Vec<String>> = members
                .iter()
                .map(|m| {
                    vec![
                        m.id.to_string(),
                        m.name.clone(),
                        m.role.as_str().into(),
                        if m.voting { "yes" } else { "no" }.into(),
                        m.public_key
                            .as_deref()
                            .map_or("–".into(), |k| format!("{}…", &k[..k.len().min(16)])),
                    ]
                })
                .collect();
            print_table(&["id", "name", "role", "voting", "key"], &rows);
            Ok(())
        }
        MemberCommand::SetKey { member, key } => super::package::set_key(session, member, &key),
    }
}

pub(super) fn product(session: &mut Session, cmd: ProductCommand) -> CliResult {
    match cmd {
        ProductCommand::Add {
            round,
            name,
            set,
            producer,
            code,
            commune,
            province,
            address,
        } => {
            let new = NewProduct {
                name,
                product_set: set,
                product_code: code,
                producer: ProducerFacts {
                    name: producer,
                    commune,
                    province,
                    address,
                    ..ProducerFacts::default()
                },
            };
            let actor = round_actor(session, RoundId(round))?;
            let id = session.store.add_product(RoundId(round), &new, &actor)?;
            out!("{id}");
            Ok(())
        }
        ProductCommand::Disqualify {
            product,
            reason,
            note,
            clear,
        } => super::lifecycle::disqualify(session, product, reason, note, clear),
        ProductCommand::List { round, json } => {
            let products = session.store.products(RoundId(round))?;
            if json {
                return print_json(&products);
            }
            let rows: Vec<Vec<String>> = products
                .iter()
                .map(|p| {
                    vec![
                        p.id.to_string(),
                        p.name.clone(),
                        p.product_set.to_string(),
                        p.producer.name.clone(),
                        p.product_code.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            print_table(&["id", "name", "set", "producer", "code"], &rows);
            Ok(())
        }
        ProductCommand::Import { round, file } => {
            let actor = round_actor(session, RoundId(round))?;
            match crate::app::export::import_product_list(session, RoundId(round), &file, &actor) {
                Ok(ids) => {
                    out!("imported {} product(s)", ids.len());
                    Ok(())
                }
                // Each problem names the list, as the other files' problems do.
                Err(ImportError::Refused(refusal)) => Err(Failure(
                    refusal
                        .problems
                        .iter()
                        .map(|p| format!("{}: {p}", file.display()))
                        .collect(),
                )),
                Err(e) => Err(e.into()),
            }
        }
    }
}

pub(super) fn sheet(session: &mut Session, cmd: SheetCommand) -> CliResult {
    match cmd {
        SheetCommand::Reopen {
            product,
            member,
            reason,
        } => {
            let round = session.store.product(ProductId(product))?.round_id;
            let actor = round_actor(session, round)?;
            session
                .store
                .reopen_sheet(ProductId(product), MemberId(member), &reason, &actor)?;
            out!("the sheet of member {member} for product {product} is open for correction");
            Ok(())
        }
        SheetCommand::Import { files } => {
            match sheet_import::import_sheet_files(&mut session.store, &files, &cli_actor()) {
                Ok(ids) => {
                    out!(
                        "imported {} sheet(s): {}",
                        ids.len(),
                        ids.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    Ok(())
                }
                Err(e) => Err(e.into()),
            }
        }
        SheetCommand::History {
            product,
            member,
            json,
        } => super::lifecycle::sheet_history(session, product, member, json),
        SheetCommand::Template {
            round,
            product,
            member,
        } => {
            let product_row = session.store.product(ProductId(product))?;
            if product_row.round_id != RoundId(round) {
                return Err(fail(format!("product {product} is not in round {round}")));
            }
            let sheet = session
                .store
                .round_sheet(RoundId(round), product_row.product_set)?;
            // Every criterion listed with an empty choice, for the member to fill in.
            let mut answers = serde_json::Map::new();
            for (_, _, c) in sheet.criteria() {
                answers.insert(c.id.0.clone(), serde_json::Value::String(String::new()));
            }
            let template = serde_json::json!({
                "format": SHEET_FILE_FORMAT,
                "round": round,
                "product": product,
                "member": MemberId(member),
                "answers": answers,
                "comments": BTreeMap::<String, String>::new(),
                "submitted": false,
            });
            // The template is a valid SheetFile shape apart from the empty choices.
            debug_assert!(serde_json::from_value::<SheetFile>(template.clone()).is_ok());
            print_json(&template)
        }
    }
}
