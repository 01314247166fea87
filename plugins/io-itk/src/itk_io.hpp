#pragma once
// The file formats io-itk handles and the ITK ImageIO for each.
#include <itkImageIOBase.h>

#include <filesystem>
#include <string>
#include <vector>

namespace ves::io_itk {

/// Extensions in match order (".nii.gz" before ".nii"): NIfTI, NRRD, MetaImage.
const std::vector<std::string>& known_extensions();
/// The known extension a file name ends with, matched case-insensitively and returned in lower
/// case as ITK expects it ("Case1.NII.GZ" -> ".nii.gz"); "" when unknown.
std::string matching_extension(const std::filesystem::path& path);
/// True for formats whose header names a separate data file (.nhdr, .mhd).
bool has_separate_data_file(const std::string& extension);
/// A new ImageIO for the extension (from matching_extension); nullptr when unknown.
itk::ImageIOBase::Pointer image_io_for(const std::string& extension);
/// An ITK or system message as one line without ITK's "ITK ERROR: Class(0x55...): " prefix.
std::string one_line(std::string text);
/// Registers the NIfTI, NRRD and MetaImage factories with ITK once per process, so
/// itk::ImageFileReader finds them (we do not use ITK's generated factory registration).
void register_itk_io_factories();

}  // namespace ves::io_itk
