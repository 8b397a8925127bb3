//! Reference data every feature uses: regions and brands, with their validation rules.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegionKind {
    Province,
    Municipality,
    AutonomousRegion,
    SalesRegion,
}

impl RegionKind {
    pub fn from_db(s: &str) -> RegionKind {
        match s {
            "province" => RegionKind::Province,
            "municipality" => RegionKind::Municipality,
            "autonomous_region" => RegionKind::AutonomousRegion,
            _ => RegionKind::SalesRegion,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Region {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub name_en: String,
    pub kind: RegionKind,
    #[ts(type = "number | null")]
    pub code: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RegionInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub short_name: String,
    pub name_en: String,
}

pub struct ValidRegion {
    pub name: String,
    pub short_name: String,
    pub name_en: String,
}

impl RegionInput {
    pub fn validated(&self) -> AppResult<ValidRegion> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(AppError::invalid(
                "name",
                "请填写区域名称，例如“山东省”或“华东大区”。",
                "Enter the region name, e.g. “Shandong Province” or “East China”.",
            ));
        }
        if name.chars().count() > 40 {
            return Err(AppError::invalid(
                "name",
                "区域名称最多 40 个字。",
                "A region name has at most 40 characters.",
            ));
        }
        let mut short_name = self.short_name.trim().to_string();
        if short_name.is_empty() {
            short_name = name.clone();
        }
        if short_name.chars().count() > 20 {
            return Err(AppError::invalid(
                "short_name",
                "简称最多 20 个字。",
                "A short name has at most 20 characters.",
            ));
        }
        Ok(ValidRegion {
            name,
            short_name,
            name_en: self.name_en.trim().to_string(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Brand {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub is_own: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct BrandInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub is_own: bool,
    pub notes: String,
}

pub struct ValidBrand {
    pub name: String,
    pub is_own: bool,
    pub notes: String,
}

impl BrandInput {
    pub fn validated(&self) -> AppResult<ValidBrand> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(AppError::invalid(
                "name",
                "请填写品牌名称，例如“雅迪”。",
                "Enter the brand name, e.g. “Yadea”.",
            ));
        }
        if name.chars().count() > 40 {
            return Err(AppError::invalid(
                "name",
                "品牌名称最多 40 个字。",
                "A brand name has at most 40 characters.",
            ));
        }
        if self.notes.chars().count() > 2000 {
            return Err(AppError::invalid(
                "notes",
                "备注最多 2000 个字。",
                "Notes have at most 2,000 characters.",
            ));
        }
        Ok(ValidBrand {
            name,
            is_own: self.is_own,
            notes: self.notes.trim().to_string(),
        })
    }
}
