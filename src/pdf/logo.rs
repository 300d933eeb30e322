//! The optional logo on the certificate: a PNG or JPEG file, decoded and checked
//! before any document is written, and scaled down so a large photo does not make
//! every certificate file heavy (the logo prints at most ~30 mm wide).

use std::path::Path;

use image::GenericImageView as _;
use printpdf::RawImage;

use super::PdfError;

/// Longest side kept, in pixels: the logo prints ≤ 34 mm wide, so 300 px is
/// ~220 dpi, sharp on paper and ~4× lighter than a 600 px copy.
pub const LOGO_MAX_SIDE_PX: u32 = 300;

/// A decoded logo, ready to place.
#[derive(Clone)]
pub struct Logo {
    pub image: RawImage,
    pub width_px: usize,
    pub height_px: usize,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logo({}×{} px)", self.width_px, self.height_px)
    }
}

impl Logo {
    /// Reads and decodes `path`; every failure names the file.
    pub fn load(path: &Path) -> Result<Self, PdfError> {
        let fail = |problem: String| PdfError::Logo {
            path: path.to_path_buf(),
            problem,
        };
        let bytes = crate::files::read_input(path, crate::files::caps::LOGO_BYTES)
            .map_err(|e| fail(format!("cannot read the file: {}", std::io::Error::from(e))))?;
        Self::decode(&bytes).map_err(fail)
    }

    /// Decodes PNG or JPEG bytes.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        let format =
            image::guess_format(bytes).map_err(|_| "not a PNG or JPEG image".to_owned())?;
        if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
            return Err(format!("a {format:?} image; use PNG or JPEG"));
        }
        let decoded = image::load_from_memory_with_format(bytes, format)
            .map_err(|e| format!("cannot decode the image: {e}"))?;
        let (w, h) = decoded.dimensions();
        if w == 0 || h == 0 {
            return Err("the image is empty".into());
        }
        let scaled = if w.max(h) > LOGO_MAX_SIDE_PX {
            decoded.resize(
                LOGO_MAX_SIDE_PX,
                LOGO_MAX_SIDE_PX,
                image::imageops::FilterType::Lanczos3,
            )
        } else {
            decoded
        };
        // An opaque logo is stored as RGB: a quarter smaller than RGBA.
        let normalised = if scaled.color().has_alpha() {
            image::DynamicImage::ImageRgba8(scaled.to_rgba8())
        } else {
            image::DynamicImage::ImageRgb8(scaled.to_rgb8())
        };
        let (width_px, height_px) = normalised.dimensions();
        let image = RawImage::from_dynamic_image(normalised)?;
        Ok(Self {
            image,
            width_px: width_px as usize,
            height_px: height_px as usize,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 0, 0]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_logo_is_scaled_down_keeping_its_aspect() {
        let logo = Logo::decode(&png(1600, 800)).unwrap();
        assert_eq!((logo.width_px, logo.height_px), (300, 150));
        let small = Logo::decode(&png(120, 60)).unwrap();
        assert_eq!((small.width_px, small.height_px), (120, 60));
    }

    #[test]
    fn garbage_and_truncated_images_are_refused() {
        assert!(Logo::decode(b"GIF89a not really").is_err());
        assert!(Logo::decode(b"hello").is_err());
        let mut truncated = png(50, 50);
        truncated.truncate(40);
        assert!(Logo::decode(&truncated).is_err());
    }
}
