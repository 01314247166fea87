#pragma once
// DICOM through ITK's GDCM module: series in a folder, one series as a volume, single files.
// Intensities come out rescaled (RescaleSlope/Intercept applied: Hounsfield units for CT).
#include <filesystem>
#include <string>
#include <vector>

#include "ves/core/itk_bridge.hpp"

namespace ves::io_itk {

/// One series found in a folder.
struct DicomSeries {
  std::string uid;                           ///< SeriesInstanceUID (0020,000e)
  std::vector<std::filesystem::path> files;  ///< sorted along the slice normal by GDCM
};

/// The series of the DICOM files directly in `folder` (not its subfolders), sorted by UID.
std::vector<DicomSeries> find_dicom_series(const std::filesystem::path& folder);

/// The series of `folder` with UID `uid`; with `uid` empty, the only series. Throws DataError
/// naming the folder and listing the series (UID and slice count) when there is no folder,
/// no series, no series `uid`, or several and `uid` is empty.
DicomSeries choose_dicom_series(const std::filesystem::path& folder, const std::string& uid);

/// The slices of `series` as one float image, spacing between slices from their positions.
/// Throws itk::ExceptionObject on unreadable files (the caller names the folder).
ItkImage3f::Pointer read_dicom_series(const DicomSeries& series);

/// True when GDCM recognises `file` as DICOM (by content, whatever its name).
bool is_dicom_file(const std::filesystem::path& file);

/// One DICOM file (a slice, or a multi-frame volume) as a float image.
ItkImage3f::Pointer read_dicom_file(const std::filesystem::path& file);

}  // namespace ves::io_itk
