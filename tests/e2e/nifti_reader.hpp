#pragma once
// An ITK reader of NIfTI files for the end-to-end tests (the NIfTI IO registered once).
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkNiftiImageIOFactory.h>

#include <filesystem>
#include <vector>

namespace vhost_test {

/// Registers ITK's NIfTI IO once (for readers and writers in the tests).
inline void register_nifti_io() {
  static const bool registered = [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    return true;
  }();
  (void)registered;
}

/// A reader of `file` as a 3-D image of `Pixel`; call Update() (voxels) or
/// UpdateOutputInformation() (grid only).
template <class Pixel>
typename itk::ImageFileReader<itk::Image<Pixel, 3>>::Pointer nifti_reader(
    const std::filesystem::path& file) {
  register_nifti_io();
  auto reader = itk::ImageFileReader<itk::Image<Pixel, 3>>::New();
  reader->SetFileName(file.string());
  return reader;
}

/// Every voxel of a NIfTI file as float, x fastest.
inline std::vector<float> voxels_of(const std::filesystem::path& file) {
  auto reader = nifti_reader<float>(file);
  reader->Update();
  const auto* image = reader->GetOutput();
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  return {image->GetBufferPointer(), image->GetBufferPointer() + n};
}

}  // namespace vhost_test
