//! `template product-list --out FILE.xlsx`: the workbook `product import` reads,
//! to fill in; `template catalogue --out FILE.xlsx`: the one `registry import` reads.

use std::path::PathBuf;

use clap::Subcommand;

use super::CliResult;
use crate::app::paths::{self, CRITERIA_SUBDIR};
use crate::domain::criteria::Catalog;
use crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET;

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// The product list to fill: headers, drop-down lists for product set and legal
    /// form, an example row (skipped on import) and a notes sheet.
    ProductList {
        /// The workbook to write.
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// Whose product sets the list offers (default: the QĐ 148 sets).
        #[arg(long, default_value = DEFAULT_CRITERIA_SET)]
        criteria_set: String,
    },
    /// The province's catalogue to fill (what `registry import` reads): Vietnamese
    /// headers, drop-down lists for legal form, product set, stars and registration
    /// type, an example row (skipped on import) and a notes sheet.
    Catalogue {
        /// Where to write the workbook.
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

/// Needs only the criteria sets (embedded, plus the data folder's extra ones);
/// opens no database.
pub(super) fn run(data_dir: Option<PathBuf>, command: TemplateCommand) -> CliResult {
    match command {
        TemplateCommand::ProductList { out, criteria_set } => {
            let dir = paths::resolve_data_dir(data_dir)?;
            let catalog = Catalog::load(Some(&dir.join(CRITERIA_SUBDIR)));
            crate::app::export::write_product_list_template(&catalog, &criteria_set, &out)?;
            out!("{}", out.display());
            Ok(())
        }
        TemplateCommand::Catalogue { out } => {
            let dir = paths::resolve_data_dir(data_dir)?;
            let catalog = Catalog::load(Some(&dir.join(CRITERIA_SUBDIR)));
            crate::app::export::write_catalogue_template(&catalog, &out)?;
            out!("{}", out.display());
            Ok(())
        }
    }
}
