// Listing cases from tables and patterns; reading one case with grid checks.
#include "file_dataset.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "file_pattern.hpp"
#include "resample.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

std::optional<double> number(const std::string& text) {
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

void require_exists(const CaseFiles& files, const fs::path& path, const std::string& what) {
  if (!fs::exists(path)) {
    throw DataError(fmt::format("case {} ({}): {} {} does not exist", files.ref.case_id,
                                files.origin, what, path.string()));
  }
}

void require_column(const CaseTable& table, const std::string& column, const char* param) {
  if (!table.has_column(column)) {
    throw DataError(
        fmt::format("case table {} has no column '{}' (named by {}); its columns are {}",
                    table.file.string(), column, param, fmt::join(table.columns, ", ")));
  }
}

// Sorted by case id; two cases with one id are an error naming both places.
void sort_unique(std::vector<CaseFiles>& cases) {
  std::stable_sort(cases.begin(), cases.end(), [](const CaseFiles& a, const CaseFiles& b) {
    return a.ref.case_id < b.ref.case_id;
  });
  for (size_t i = 1; i < cases.size(); ++i) {
    if (cases[i].ref.case_id == cases[i - 1].ref.case_id) {
      throw DataError(fmt::format("case id '{}' is listed twice: {} and {}", cases[i].ref.case_id,
                                  cases[i - 1].origin, cases[i].origin));
    }
  }
}

std::string join_captures(const FilePattern& pattern, const Captures& captures) {
  std::vector<std::string> values;
  for (const std::string& name : pattern.names()) values.push_back(captures.at(name));
  return fmt::format("{}", fmt::join(values, "_"));
}

}  // namespace

std::vector<CaseFiles> cases_from_table(const CaseTable& table, const TableColumns& columns) {
  require_column(table, columns.case_column, "case_column");
  for (const std::string& channel : columns.channels) require_column(table, channel, "channels");
  if (!columns.label.empty()) require_column(table, columns.label, "label");
  if (!columns.class_column.empty()) require_column(table, columns.class_column, "class_column");
  std::string subject_column = columns.subject_column;
  if (!subject_column.empty()) {
    require_column(table, subject_column, "subject_column");
  } else if (table.has_column("subject")) {
    subject_column = "subject";
  } else if (table.has_column("patient")) {
    subject_column = "patient";
  }
  std::set<std::string> used{columns.case_column, columns.label, columns.class_column,
                             subject_column};
  used.insert(columns.channels.begin(), columns.channels.end());

  const fs::path base = table.file.parent_path();
  auto resolve = [&](const std::string& cell) {
    return (base / fs::path(cell)).lexically_normal();
  };
  std::vector<CaseFiles> cases;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    CaseFiles files;
    files.origin = fmt::format("{}:{}", table.file.string(), table.lines[r]);
    files.ref.case_id = row.at(columns.case_column);
    if (files.ref.case_id.empty()) {
      throw DataError(fmt::format("case table {}: the case id ({}) is empty", files.origin,
                                  columns.case_column));
    }
    files.ref.subject_id = subject_column.empty() ? std::string() : row.at(subject_column);
    if (files.ref.subject_id.empty()) files.ref.subject_id = files.ref.case_id;
    for (const std::string& channel : columns.channels) {
      const std::string& cell = row.at(channel);
      if (cell.empty()) {
        throw DataError(fmt::format("case table {}: case {} has no {} file", files.origin,
                                    files.ref.case_id, channel));
      }
      files.images.push_back(resolve(cell));
      require_exists(files, files.images.back(), channel + " file");
    }
    if (!columns.label.empty() && !row.at(columns.label).empty()) {
      files.label = resolve(row.at(columns.label));
      require_exists(files, files.label, "label file");
    }
    if (!columns.class_column.empty()) {
      const std::string& cell = row.at(columns.class_column);
      const auto value = number(cell);
      if (!value) {
        throw DataError(fmt::format("case table {}: case {} has {} '{}', not a number",
                                    files.origin, files.ref.case_id, columns.class_column, cell));
      }
      files.ref.scalars[columns.class_column] = *value;
    }
    for (const auto& [column, value] : row) {
      if (!used.count(column)) files.ref.meta[column] = value;
    }
    cases.push_back(std::move(files));
  }
  sort_unique(cases);
  return cases;
}

std::vector<CaseFiles> cases_from_pattern(const PatternSpec& spec) {
  const FilePattern pattern(spec.pattern);
  std::vector<FilePattern> channels;
  for (const std::string& channel : spec.channels) channels.emplace_back(channel);
  std::optional<FilePattern> label;
  if (!spec.label.empty()) label.emplace(spec.label);
  auto check_names = [&](const FilePattern& other) {
    for (const std::string& name : other.names()) {
      if (std::find(pattern.names().begin(), pattern.names().end(), name) ==
          pattern.names().end()) {
        throw Error(fmt::format("pattern '{}' uses {{{}}}, which pattern '{}' does not capture",
                                other.text(), name, pattern.text()));
      }
    }
  };
  for (const FilePattern& channel : channels) check_names(channel);
  if (label) check_names(*label);
  if (!fs::is_directory(spec.root)) {
    throw DataError(fmt::format("the dataset root {} is not a folder", spec.root.string()));
  }

  std::vector<CaseFiles> cases;
  for (auto& [path, captures] : pattern.find(spec.root)) {
    CaseFiles files;
    files.origin = path.string();
    const auto get = [&](const char* name) {
      const auto found = captures.find(name);
      return found == captures.end() ? std::string() : found->second;
    };
    files.ref.case_id = get("case");
    if (files.ref.case_id.empty()) {
      files.ref.case_id = pattern.names().empty()
                              ? path.lexically_relative(spec.root).generic_string()
                              : join_captures(pattern, captures);
    }
    files.ref.subject_id = get("subject");
    if (files.ref.subject_id.empty()) files.ref.subject_id = get("patient");
    if (files.ref.subject_id.empty()) files.ref.subject_id = files.ref.case_id;
    if (channels.empty()) files.images.push_back(path);
    for (const FilePattern& channel : channels) {
      files.images.push_back(spec.root / channel.substitute(captures));
      require_exists(files, files.images.back(), "channel file");
    }
    if (label) {
      files.label = spec.root / label->substitute(captures);
      require_exists(files, files.label, "label file");
    }
    for (const auto& [name, value] : captures) {
      if (name == "case" || name == "subject" || name == "patient") continue;
      if (name == spec.class_capture) {
        const auto value_number = number(value);
        if (!value_number) {
          throw DataError(fmt::format("case {} ({}): {{{}}} is '{}', not a number",
                                      files.ref.case_id, files.origin, name, value));
        }
        files.ref.scalars[name] = *value_number;
      } else {
        files.ref.meta[name] = value;
      }
    }
    cases.push_back(std::move(files));
  }
  sort_unique(cases);
  return cases;
}

Sample load_case(const CaseFiles& files, const VolumeReader& reader, bool resample_to_first) {
  Sample sample;
  sample.case_id = files.ref.case_id;
  sample.subject_id = files.ref.subject_id;
  sample.scalars = files.ref.scalars;
  sample.meta = files.ref.meta;
  try {
    if (files.images.empty()) throw DataError("no image files are listed");
    const Volume first = reader.read(files.images.front());
    std::vector<at::Tensor> channels{first.data};
    for (size_t i = 1; i < files.images.size(); ++i) {
      Volume channel = reader.read(files.images[i]);
      if (!same_grid(channel, first)) {
        if (!resample_to_first) {
          throw DataError(fmt::format(
              "{} ({}) is not on the grid of {} ({}); resample it, or set resample_to_first: "
              "true",
              files.images[i].string(), describe_grid(channel), files.images.front().string(),
              describe_grid(first)));
        }
        channel = resample_onto(channel, first, Interpolation::Linear);
      }
      channels.push_back(channel.data);
    }
    const Volume image{channels.size() == 1 ? first.data : at::cat(channels, 0), first.geometry};
    if (!files.label.empty()) {
      Volume label = reader.read(files.label);
      if (!same_grid(label, image)) {
        if (!resample_to_first) {
          throw DataError(
              fmt::format("label {} ({}) is not on the grid of image {} ({}); resample it, or set "
                          "resample_to_first: true",
                          files.label.string(), describe_grid(label), files.images.front().string(),
                          describe_grid(image)));
        }
        label = resample_onto(label, image, Interpolation::Nearest);
      }
      sample.volumes["label"] = std::move(label);
    }
    sample.volumes["image"] = image;
  } catch (const DataError& e) {
    throw DataError(fmt::format("case {}: {}", files.ref.case_id, e.what()));
  }
  return sample;
}

}  // namespace ves::io_itk
