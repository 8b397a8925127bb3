//! Completion: by region (the report), the region × program matrix, who is missing, who is
//! not ready for a campaign, a person's record, and the charts.

use super::*;

/// One region's completion (over every program, or one), as the report prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RegionCompletion {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number")]
    pub staff: i64,
    #[ts(type = "number")]
    pub required: i64,
    #[ts(type = "number")]
    pub completed: i64,
    /// completed / required × 100, half up to 2 decimals.
    pub completion_pct: f64,
}

/// The region × program matrix: one row per region with mandatory staff, a cell per program
/// (None where the program is not mandatory there), and the region's total.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CompletionMatrix {
    pub programs: Vec<Choice>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MatrixRow {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    pub cells: Vec<Option<Completion>>,
    pub total: Completion,
}

/// Someone who has not completed a mandatory program.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Missing {
    pub person: StaffMember,
    #[ts(type = "number")]
    pub program_id: i64,
    pub program: String,
    pub due_on: Option<NaiveDate>,
}

/// A person's record across programs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PersonRecord {
    pub person: StaffMember,
    pub sessions: Vec<RecordLine>,
    pub programs: Vec<ProgramStanding>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProgramStanding {
    #[ts(type = "number")]
    pub program_id: i64,
    pub program: String,
    pub mandatory: bool,
    pub completed: bool,
    #[ts(type = "number | null")]
    pub best_score: Option<i64>,
}

/// The completion inputs, read once: people, program rules and what each pair completed.
pub(super) type CompletionInputs = (
    Vec<rules::Person>,
    Vec<rules::ProgramRule>,
    std::collections::HashSet<(i64, i64)>,
);

pub(super) fn completion_inputs(store: &Store) -> AppResult<CompletionInputs> {
    let people = t::people(store.conn())?;
    let programs = t::program_rules(store.conn())?;
    let done = rules::completions(&programs, &t::attempts(store.conn())?);
    Ok((people, programs, done))
}

impl AppCore {
    /// Completion per region with mandatory staff, over every program or one (`training
    /// report`), sorted by region.
    pub fn completion_by_region(&self, program: Option<i64>) -> AppResult<Vec<RegionCompletion>> {
        self.completion_of_programs(|id| program.is_none_or(|p| p == id))
    }

    /// Completion per region over the programs `keep` takes (by id), sorted by region.
    pub fn completion_of_programs(
        &self,
        keep: impl Fn(i64) -> bool,
    ) -> AppResult<Vec<RegionCompletion>> {
        self.with_store(|s| {
            let (people, mut programs, done) = completion_inputs(s)?;
            programs.retain(|p| keep(p.id));
            let names = crate::store::regions::local_names(s)?;
            Ok(rules::completion_matrix(&people, &programs, &done)
                .into_iter()
                .filter(|c| c.program_id.is_none())
                .map(|c| RegionCompletion {
                    region_id: c.region_id,
                    region: names.get(&c.region_id).cloned().unwrap_or_default(),
                    staff: c.staff,
                    required: c.required,
                    completed: c.completed,
                    completion_pct: c.pct_bp as f64 / 100.0,
                })
                .collect())
        })
    }

    pub fn completion_matrix(&self) -> AppResult<CompletionMatrix> {
        self.with_store(|s| {
            let (people, programs, done) = completion_inputs(s)?;
            let cells = rules::completion_matrix(&people, &programs, &done);
            let names = crate::store::regions::local_names(s)?;
            let titles: Vec<Choice> = t::list_programs(s)?
                .into_iter()
                .filter(|p| cells.iter().any(|c| c.program_id == Some(p.id)))
                .map(|p| Choice {
                    id: p.id,
                    name: p.title,
                })
                .collect();
            let mut rows: Vec<MatrixRow> = Vec::new();
            for total in cells.iter().filter(|c| c.program_id.is_none()) {
                rows.push(MatrixRow {
                    region_id: total.region_id,
                    region: names.get(&total.region_id).cloned().unwrap_or_default(),
                    cells: titles
                        .iter()
                        .map(|p| {
                            cells
                                .iter()
                                .find(|c| {
                                    c.region_id == total.region_id && c.program_id == Some(p.id)
                                })
                                .cloned()
                        })
                        .collect(),
                    total: total.clone(),
                });
            }
            Ok(CompletionMatrix {
                programs: titles,
                rows,
            })
        })
    }

    /// The mandatory staff who have not completed: of one region and program (a matrix cell),
    /// of a region, of a program, or everyone.
    pub fn missing(
        &self,
        region_id: Option<i64>,
        program_id: Option<i64>,
    ) -> AppResult<Vec<Missing>> {
        self.with_store(|s| missing_in(s, region_id, |p| program_id.is_none_or(|id| id == p.id)))
    }

    /// Who is not ready for a campaign: the mandatory staff of the programs that prepare it who
    /// have not completed them.
    pub fn not_ready(&self, campaign_id: i64) -> AppResult<Vec<Missing>> {
        self.with_store(|s| missing_in(s, None, |p| p.campaign_id == Some(campaign_id)))
    }

    pub fn person_record(&self, staff_id: i64) -> AppResult<PersonRecord> {
        self.with_store(|s| {
            let person = t::get_staff(s.conn(), staff_id)?;
            let programs = t::list_programs(s)?;
            let rules_by_id: HashMap<i64, rules::ProgramRule> = t::program_rules(s.conn())?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
            let attempts = t::attempts(s.conn())?;
            let standing = programs
                .iter()
                .filter_map(|p| {
                    let rule = rules_by_id.get(&p.id)?;
                    let mandatory = rule.mandate.applies(person.role_id, person.region_id);
                    let tries = attempts.get(&(staff_id, p.id));
                    if !mandatory && tries.is_none() {
                        return None;
                    }
                    let tries = tries.map(Vec::as_slice).unwrap_or_default();
                    Some(ProgramStanding {
                        program_id: p.id,
                        program: p.title.clone(),
                        mandatory,
                        completed: rules::completed(rule.pass_mark, tries),
                        best_score: rules::best_score(tries),
                    })
                })
                .collect();
            Ok(PersonRecord {
                sessions: t::record(s.conn(), staff_id)?,
                person,
                programs: standing,
            })
        })
    }
}

/// The training charts, drawn in Rust: completion by region, and the score distribution of a
/// program (its best scores of people who attended).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingCharts {
    pub completion_svg: String,
    pub scores_svg: Option<String>,
}

impl AppCore {
    pub fn completion_chart(&self, program: Option<i64>) -> AppResult<BarChart> {
        let lang = self.lang();
        let rows = self.completion_by_region(program)?;
        Ok(BarChart {
            title: lang
                .pick("各区域培训完成率", "Training completion by region")
                .to_string(),
            y_label: lang.pick("完成率 %", "Completed %").to_string(),
            bars: rows
                .into_iter()
                .map(|r| (r.region, r.completion_pct))
                .collect(),
            y_max: Some(100.0),
            width: 640,
            height: 320,
        })
    }

    pub fn score_chart(&self, program: i64) -> AppResult<BarChart> {
        let lang = self.lang();
        let (title, scores) = self.with_store(|s| {
            let p = t::get_program(s, program)?;
            let scores: Vec<i64> = t::attempts(s.conn())?
                .into_iter()
                .filter(|((_, id), _)| *id == program)
                .filter_map(|(_, a)| rules::best_score(&a))
                .collect();
            Ok((p.title, scores))
        })?;
        let counts = rules::score_bands(&scores);
        Ok(BarChart {
            title: match lang {
                Lang::ZhCn => format!("{title} 成绩分布"),
                Lang::En => format!("{title}: scores"),
            },
            y_label: lang.pick("人数", "People").to_string(),
            bars: rules::SCORE_BANDS
                .iter()
                .zip(counts)
                .map(|((lo, hi), n)| (format!("{lo}–{hi}"), n as f64))
                .collect(),
            y_max: None,
            width: 640,
            height: 320,
        })
    }

    pub fn training_charts(&self, program: Option<i64>) -> AppResult<TrainingCharts> {
        Ok(TrainingCharts {
            completion_svg: self.completion_chart(program)?.to_svg()?,
            scores_svg: match program {
                Some(id) => Some(self.score_chart(id)?.to_svg()?),
                None => None,
            },
        })
    }
}

fn missing_in(
    s: &Store,
    region_id: Option<i64>,
    wanted: impl Fn(&Program) -> bool,
) -> AppResult<Vec<Missing>> {
    let (_, rules_list, done) = completion_inputs(s)?;
    let programs: Vec<Program> = t::list_programs(s)?
        .into_iter()
        .filter(|p| wanted(p))
        .collect();
    let rules_by_id: HashMap<i64, &rules::ProgramRule> =
        rules_list.iter().map(|p| (p.id, p)).collect();
    let mut out = Vec::new();
    for person in t::list_staff(s, region_id)?
        .into_iter()
        .filter(|p| p.active)
    {
        for p in &programs {
            let Some(rule) = rules_by_id.get(&p.id) else {
                continue;
            };
            if rule.mandate.applies(person.role_id, person.region_id)
                && !done.contains(&(person.id, p.id))
            {
                out.push(Missing {
                    person: person.clone(),
                    program_id: p.id,
                    program: p.title.clone(),
                    due_on: p.due_on,
                });
            }
        }
    }
    Ok(out)
}
