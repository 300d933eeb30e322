//! The files the packages ship, checked without building a package: the icon's
//! renderings, the launcher entry, the AppStream file (its release is the crate's
//! version). `tools/package/test-deb.sh` checks the installed package itself.

use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_icon_is_rendered_at_every_size_the_packages_use() {
    let svg = read("assets/icons/ocop-council.svg");
    assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 256 256\""));
    for size in [48u32, 128, 256] {
        let path = repo(&format!("assets/icons/ocop-council-{size}.png"));
        let image = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            (image.width(), image.height()),
            (size, size),
            "{}",
            path.display()
        );
    }
    let ico = std::fs::read(repo("assets/icons/ocop-council.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO header");
}

#[test]
fn the_launcher_entry_names_the_app_in_both_languages() {
    let desktop = read("tools/package/ocop-council.desktop");
    let field = |key: &str| {
        desktop
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}= in the .desktop file"))
            .to_owned()
    };
    assert_eq!(field("Name"), "OCOP Council");
    assert_eq!(field("Name[vi]"), "Hội đồng OCOP");
    assert!(!field("Comment").is_empty() && !field("Comment[vi]").is_empty());
    assert!(field("Categories").split(';').any(|c| c == "Office"));
    assert_eq!(field("Exec"), "ocop-council");
    assert_eq!(field("Icon"), "ocop-council");
    // The window's app id (ui::run_native), so the launcher groups the window.
    assert_eq!(field("StartupWMClass"), "ocop-council");
}

#[test]
fn the_appstream_file_launches_the_entry_and_carries_this_version() {
    let xml = read("tools/package/vn.ocop.council.metainfo.xml");
    assert!(xml.contains("<id>vn.ocop.council</id>"));
    assert!(xml.contains(r#"<launchable type="desktop-id">ocop-council.desktop</launchable>"#));
    let release = format!(r#"<release version="{}""#, env!("CARGO_PKG_VERSION"));
    assert!(
        xml.contains(&release),
        "add a <release> for {} to the metainfo",
        env!("CARGO_PKG_VERSION")
    );
}

#[cfg(unix)]
#[test]
fn the_packaging_scripts_are_executable() {
    use std::os::unix::fs::PermissionsExt as _;
    for script in [
        "deb.sh",
        "test-deb.sh",
        "render-icons.sh",
        "runtime-libs.sh",
    ] {
        let path = repo(&format!("tools/package/{script}"));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "{} is not executable", path.display());
    }
}
