// DICOM reading with GDCMSeriesFileNames + ImageSeriesReader, the usual ITK recipe.
#include "dicom_series.hpp"

#include <fmt/format.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageFileReader.h>
#include <itkImageSeriesReader.h>

#include <algorithm>

#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {

std::string list_of(const std::vector<DicomSeries>& series) {
  std::vector<std::string> items;
  for (const DicomSeries& s : series) {
    items.push_back(
        fmt::format("{} ({} file{})", s.uid, s.files.size(), s.files.size() == 1 ? "" : "s"));
  }
  return fmt::format("{}", fmt::join(items, ", "));
}

}  // namespace

std::vector<DicomSeries> find_dicom_series(const std::filesystem::path& folder) {
  auto names = itk::GDCMSeriesFileNames::New();
  // The plain SeriesInstanceUID is what users copy from a viewer; details would append tags.
  names->SetUseSeriesDetails(false);
  names->SetRecursive(false);
  names->SetDirectory(folder.string());
  std::vector<DicomSeries> found;
  for (const std::string& uid : names->GetSeriesUIDs()) {
    DicomSeries series;
    series.uid = uid;
    for (const std::string& file : names->GetFileNames(uid)) series.files.emplace_back(file);
    found.push_back(std::move(series));
  }
  std::sort(found.begin(), found.end(),
            [](const DicomSeries& a, const DicomSeries& b) { return a.uid < b.uid; });
  return found;
}

DicomSeries choose_dicom_series(const std::filesystem::path& folder, const std::string& uid) {
  if (!std::filesystem::is_directory(folder)) {
    throw DataError(fmt::format("cannot read DICOM folder {}: no such folder", folder.string()));
  }
  std::vector<DicomSeries> series = find_dicom_series(folder);
  if (series.empty()) {
    throw DataError(
        fmt::format("cannot read DICOM folder {}: it holds no DICOM series (subfolders are not "
                    "searched)",
                    folder.string()));
  }
  if (uid.empty()) {
    if (series.size() == 1) return series.front();
    throw DataError(fmt::format(
        "cannot read DICOM folder {}: it holds {} series, {}; choose one with series: UID",
        folder.string(), series.size(), list_of(series)));
  }
  for (DicomSeries& s : series) {
    if (s.uid == uid) return s;
  }
  throw DataError(fmt::format("cannot read DICOM folder {}: no series {}; it holds {}",
                              folder.string(), uid, list_of(series)));
}

ItkImage3f::Pointer read_dicom_series(const DicomSeries& series) {
  std::vector<std::string> files;
  for (const auto& file : series.files) files.push_back(file.string());
  auto reader = itk::ImageSeriesReader<ItkImage3f>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(files);
  reader->Update();
  return reader->GetOutput();
}

bool is_dicom_file(const std::filesystem::path& file) {
  return itk::GDCMImageIO::New()->CanReadFile(file.string().c_str());
}

ItkImage3f::Pointer read_dicom_file(const std::filesystem::path& file) {
  auto reader = itk::ImageFileReader<ItkImage3f>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileName(file.string());
  reader->Update();
  return reader->GetOutput();
}

}  // namespace ves::io_itk
