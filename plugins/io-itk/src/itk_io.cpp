// Extension table and ITK ImageIO selection for io-itk.
#include "itk_io.hpp"

#include <itkMetaImageIO.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIO.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIO.h>
#include <itkNrrdImageIOFactory.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "text.hpp"

namespace ves::io_itk {

std::string one_line(std::string text) {
  // ITK messages span several indented lines and start "ITK ERROR: NiftiImageIO(0x55...): ".
  const std::string prefix = "ITK ERROR: ";
  const size_t address_end = text.find("): ");
  if (text.compare(0, prefix.size(), prefix) == 0 && address_end != std::string::npos) {
    text.erase(0, address_end + 3);
  }
  std::string line;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !line.empty();
    } else {
      if (space) line += ' ';
      line += c;
      space = false;
    }
  }
  return line;
}

const std::vector<std::string>& known_extensions() {
  static const std::vector<std::string> extensions{".nii.gz", ".nii", ".nrrd",
                                                   ".nhdr",   ".mha", ".mhd"};
  return extensions;
}

std::string matching_extension(const std::filesystem::path& path) {
  const std::string lowered = lower(path.filename().string());
  for (const std::string& extension : known_extensions()) {
    if (lowered.size() > extension.size() &&
        lowered.compare(lowered.size() - extension.size(), extension.size(), extension) == 0) {
      return extension;
    }
  }
  return {};
}

bool has_separate_data_file(const std::string& extension) {
  const std::string lowered = lower(extension);
  return lowered == ".nhdr" || lowered == ".mhd";
}

itk::ImageIOBase::Pointer image_io_for(const std::string& extension) {
  const std::string lowered = lower(extension);
  if (lowered == ".nii.gz" || lowered == ".nii") return itk::NiftiImageIO::New().GetPointer();
  if (lowered == ".nrrd" || lowered == ".nhdr") return itk::NrrdImageIO::New().GetPointer();
  if (lowered == ".mha" || lowered == ".mhd") return itk::MetaImageIO::New().GetPointer();
  return nullptr;
}

void register_itk_io_factories() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
  });
}

}  // namespace ves::io_itk
