//! The header row of an admin-import CSV file: what each column holds. Node files have an
//! `:ID` column (optionally named, `id:ID`, and in an ID space, `:ID(Company)`) and a
//! `:LABEL` column; relationship files `:START_ID`, `:END_ID` (with the same ID spaces) and
//! `:TYPE`; every other column is a property, `name:type` or `name:type[]` for arrays.

use std::sync::Arc;

/// A property column's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    String,
    Int,
    Float,
    Bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// The row's id, in an ID space; with a name (`id:ID`) it is also stored as a property.
    Id {
        name: Option<Arc<str>>,
        space: Arc<str>,
    },
    Label,
    Start {
        space: Arc<str>,
    },
    End {
        space: Arc<str>,
    },
    Type,
    Ignore,
    Prop {
        name: Arc<str>,
        ty: Scalar,
        array: bool,
    },
}

/// Which kind of file a header belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nodes,
    Relationships,
}

/// Reads a header row.
pub fn parse(cells: &csv::StringRecord, kind: Kind) -> Result<Vec<Column>, String> {
    let mut cols = Vec::with_capacity(cells.len());
    let mut names: Vec<Arc<str>> = Vec::new();
    for cell in cells.iter() {
        let (name, ty) = match cell.rsplit_once(':') {
            Some((n, t)) => (n.trim(), t.trim()),
            None => (cell.trim(), "string"),
        };
        let lower = ty.to_ascii_lowercase();
        let (base, space) = match lower.split_once('(') {
            Some((b, rest)) => {
                let inner = ty[ty.find('(').map_or(0, |i| i + 1)..].trim_end_matches(')').trim();
                if !rest.ends_with(')') {
                    return Err(format!("column '{cell}': an ID space is written in parentheses, as in ':ID(Company)'"));
                }
                (b, Arc::from(inner))
            }
            None => (lower.as_str(), Arc::from("")),
        };
        let col = match base {
            "id" => Column::Id { name: (!name.is_empty()).then(|| Arc::from(name)), space },
            "label" => Column::Label,
            "start_id" => Column::Start { space },
            "end_id" => Column::End { space },
            "type" => Column::Type,
            "ignore" => Column::Ignore,
            _ => {
                let (t, array) = match lower.strip_suffix("[]") {
                    Some(t) => (t, true),
                    None => (lower.as_str(), false),
                };
                let ty = match t {
                    "string" | "char" | "" => Scalar::String,
                    "int" | "long" | "short" | "byte" => Scalar::Int,
                    "float" | "double" => Scalar::Float,
                    "boolean" => Scalar::Bool,
                    other => {
                        return Err(format!(
                            "column '{cell}' has an unknown type '{other}' (use string, int, long, float, double or boolean, with [] for arrays)"
                        ));
                    }
                };
                if name.is_empty() {
                    return Err(format!("column '{cell}' has no property name"));
                }
                Column::Prop { name: Arc::from(name), ty, array }
            }
        };
        let property = match &col {
            Column::Prop { name, .. } | Column::Id { name: Some(name), .. } => Some(name.clone()),
            _ => None,
        };
        if let Some(p) = property {
            if names.contains(&p) {
                return Err(format!("property '{p}' has two columns; rename one (or mark it :IGNORE)"));
            }
            names.push(p);
        }
        cols.push(col);
    }
    let count = |f: &dyn Fn(&Column) -> bool| cols.iter().filter(|c| f(c)).count();
    match kind {
        Kind::Nodes => {
            if count(&|c| matches!(c, Column::Start { .. } | Column::End { .. } | Column::Type)) > 0 {
                return Err("a node file cannot have :START_ID, :END_ID or :TYPE columns (is it a relationship file?)".into());
            }
            if count(&|c| matches!(c, Column::Id { .. })) > 1 {
                return Err("a node file has one :ID column".into());
            }
        }
        Kind::Relationships => {
            if count(&|c| matches!(c, Column::Id { .. } | Column::Label)) > 0 {
                return Err("a relationship file cannot have :ID or :LABEL columns (is it a node file?)".into());
            }
            for (what, n) in
                [(":START_ID", count(&|c| matches!(c, Column::Start { .. }))), (":END_ID", count(&|c| matches!(c, Column::End { .. })))]
            {
                if n != 1 {
                    return Err(format!("a relationship file has exactly one {what} column"));
                }
            }
            if count(&|c| matches!(c, Column::Type)) > 1 {
                return Err("a relationship file has at most one :TYPE column".into());
            }
        }
    }
    Ok(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(s: &str) -> csv::StringRecord {
        csv::StringRecord::from(s.split(',').collect::<Vec<_>>())
    }

    #[test]
    fn spaces_types_and_mistakes() {
        let cols = parse(&header("companyId:ID(Company),:LABEL,name,founded:int,tags:string[]"), Kind::Nodes).unwrap();
        assert_eq!(cols[0], Column::Id { name: Some("companyId".into()), space: "Company".into() });
        assert_eq!(cols[4], Column::Prop { name: "tags".into(), ty: Scalar::String, array: true });
        assert!(parse(&header("id:ID,name,name:int"), Kind::Nodes).unwrap_err().contains("two columns"));
        assert!(parse(&header("id:ID,n:date"), Kind::Nodes).unwrap_err().contains("unknown type"));
        assert!(parse(&header(":START_ID,:END_ID"), Kind::Nodes).unwrap_err().contains("relationship file"));
        assert!(parse(&header(":START_ID(Company),:TYPE"), Kind::Relationships).unwrap_err().contains(":END_ID"));
        let r = parse(&header(":START_ID(Company),:END_ID(Product),:TYPE"), Kind::Relationships).unwrap();
        assert_eq!(r[1], Column::End { space: "Product".into() });
    }
}
