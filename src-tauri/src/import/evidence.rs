//! 凭证 Evidence files as they come in: an invoice (PDF or a scan), a receipt, photos of the
//! activity (门头、陈列、现场) — read whole, capped in size, and for a picture a small PNG
//! thumbnail made here so the screen never reads the file.

use crate::domain::budget::EvidenceKind;
use crate::error::{AppError, AppResult};
use std::path::Path;

/// The largest file kept as evidence (a phone photo is 2–8 MB).
pub const MAX_EVIDENCE_BYTES: u64 = 25 * 1024 * 1024;
const THUMB_PX: u32 = 160;

pub struct EvidenceFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub thumb_png: Option<Vec<u8>>,
    /// What the file looks like: a picture is a photo, a PDF an invoice.
    pub kind_guess: EvidenceKind,
}

pub fn read_evidence(path: &Path) -> AppResult<EvidenceFile> {
    let meta = std::fs::metadata(path).map_err(|e| AppError::io(path, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evidence".into());
    if meta.len() > MAX_EVIDENCE_BYTES {
        return Err(AppError::invalid(
            "file",
            format!(
                "“{file_name}”有 {:.1} MB，凭证文件不能超过 25 MB；请压缩照片或分成几张上传。",
                meta.len() as f64 / 1_048_576.0
            ),
            format!(
                "“{file_name}” is {:.1} MB; an evidence file cannot exceed 25 MB — shrink the photo or attach it in parts.",
                meta.len() as f64 / 1_048_576.0
            ),
        ));
    }
    if meta.len() == 0 {
        return Err(AppError::invalid(
            "file",
            format!("“{file_name}”是空文件。"),
            format!("“{file_name}” is empty."),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| AppError::io(path, e))?;
    let picture = matches!(
        image::guess_format(&bytes),
        Ok(image::ImageFormat::Png | image::ImageFormat::Jpeg)
    );
    let thumb_png = if picture { thumbnail(&bytes) } else { None };
    let kind_guess = if picture {
        EvidenceKind::Photo
    } else if bytes.starts_with(b"%PDF") {
        EvidenceKind::Invoice
    } else {
        EvidenceKind::Other
    };
    Ok(EvidenceFile {
        file_name,
        bytes,
        thumb_png,
        kind_guess,
    })
}

/// A picture shrunk to fit 160 × 160, as PNG; None when it cannot be decoded (the file is
/// still kept, shown without a thumbnail). A decoder panic on a damaged file is caught.
pub fn thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    std::panic::catch_unwind(|| {
        let img = image::load_from_memory(bytes).ok()?;
        let small = img.thumbnail(THUMB_PX, THUMB_PX);
        let mut out = std::io::Cursor::new(Vec::new());
        small
            .write_to(&mut out, image::ImageOutputFormat::Png)
            .ok()?;
        Some(out.into_inner())
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_gets_a_small_thumbnail_and_a_pdf_none() {
        let dir = std::env::temp_dir().join(format!("md-evidence-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let img = image::RgbImage::from_fn(640, 480, |x, _| image::Rgb([(x % 256) as u8, 40, 90]));
        let photo = dir.join("门头.png");
        img.save(&photo).unwrap();
        let f = read_evidence(&photo).unwrap();
        assert_eq!(f.kind_guess, EvidenceKind::Photo);
        let t = image::load_from_memory(&f.thumb_png.unwrap()).unwrap();
        assert_eq!((t.width(), t.height()), (160, 120));
        let pdf = dir.join("发票.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\n%...").unwrap();
        let f = read_evidence(&pdf).unwrap();
        assert_eq!(f.kind_guess, EvidenceKind::Invoice);
        assert!(f.thumb_png.is_none());
        let empty = dir.join("empty.jpg");
        std::fs::write(&empty, b"").unwrap();
        assert!(read_evidence(&empty).is_err());
        assert!(thumbnail(b"\xff\xd8\xff\xe0 not really a jpeg").is_none());
    }
}
