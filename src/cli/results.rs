//! `results --round R --format table|json|csv`.

use super::{
    CliResult, ExportArgs, ExportFormatArg, Failure, ResultsArgs, ResultsFormat, print_table,
};
use crate::app::Session;
use crate::app::export::{ExportFormat, export_round};
use crate::domain::ids::RoundId;
use crate::export::results::{ResultsDocument, write_csv};

pub(super) fn run(session: &Session, args: &ResultsArgs) -> CliResult {
    let results = session.store.round_results(RoundId(args.round))?;
    match args.format {
        ResultsFormat::Json => {
            out!("{}", ResultsDocument::new(&results).to_json());
            Ok(())
        }
        ResultsFormat::Csv => write_csv(&results, std::io::stdout().lock())
            .map_err(|e| Failure(vec![format!("cannot write CSV: {e}")])),
        ResultsFormat::Table => {
            let rows: Vec<Vec<String>> = results
                .products
                .iter()
                .map(|o| {
                    let r = &o.result;
                    vec![
                        o.product.id.to_string(),
                        o.product.name.clone(),
                        o.product.product_set.to_string(),
                        r.member_totals
                            .iter()
                            .map(|t| t.total.to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                        r.mean
                            .map(|m| m.display_2dp())
                            .unwrap_or_else(|| "–".into()),
                        r.outcome
                            .as_ref()
                            .map(|s| format!("{}★", s.band))
                            .unwrap_or_else(|| "–".into()),
                        format!("{}★", r.stars),
                        r.spread_points
                            .map(|s| format!("{s}{}", if r.spread_flag { " !" } else { "" }))
                            .unwrap_or_default(),
                        format!(
                            "{}/{}{}",
                            r.quorum.participants,
                            r.quorum.eligible,
                            if r.quorum.met { "" } else { " (no)" }
                        ),
                        r.state.label_en().into(),
                        r.outcome
                            .as_ref()
                            .and_then(|s| s.explain_en())
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            print_table(
                &[
                    "id", "product", "set", "totals", "mean", "band", "stars", "spread", "quorum",
                    "state", "cap",
                ],
                &rows,
            );
            Ok(())
        }
    }
}

/// `export --round R --format xlsx|csv|json --out PATH`.
pub(super) fn export(session: &Session, args: &ExportArgs) -> CliResult {
    let format = match args.format {
        ExportFormatArg::Xlsx => ExportFormat::Xlsx,
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Json => ExportFormat::Json,
        ExportFormatArg::AnnexXlsx => ExportFormat::AnnexXlsx,
    };
    let spinner = super::progress::Bar::spinner("exporting");
    export_round(session, RoundId(args.round), format, &args.out)?;
    drop(spinner);
    out!("{}", args.out.display());
    Ok(())
}
