// Adapts io-itk to the framework: the "itk" writer and the "files" and "image" readers.
//
//   writer:
//     type: itk
//     compress: true   # compress where the format allows (.nrrd, .nhdr, .mha, .mhd); .nii.gz
//                      # is always gzip and .nii never is, whatever this says
//     dtype: auto      # auto | float32 | uint8 | int16 | int32; auto = float32, but volumes
//                      # whose values are all integers in 0..255 (masks) are written uint8
//
// The readers' parameters are documented by their schemas in readers.cpp (vhost describe files).
#include <memory>

#include "itk_image_writer.hpp"
#include "readers.hpp"
#include "ves/api/writer.hpp"
#include "ves/config/params.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

class ItkWriter final : public ves::Writer {
 public:
  explicit ItkWriter(ves::io_itk::WriteOptions options) : writer_(options) {}
  std::vector<std::string> extensions() const override {
    return ves::io_itk::ItkImageWriter::extensions();
  }
  void write(const ves::Volume& volume, const std::filesystem::path& path) const override {
    writer_.write(volume, path);
  }

 private:
  ves::io_itk::ItkImageWriter writer_;
};

ves::config::Schema writer_schema() {
  ves::config::Schema schema;
  schema.flag("compress", true, "compress where the format allows it (.nrrd, .nhdr, .mha, .mhd)");
  schema.choice("dtype", "auto", {"auto", "float32", "uint8", "int16", "int32"},
                "pixel type on disk; auto = float32, or uint8 when all values are integers "
                "in 0..255 (masks)");
  return schema;
}

void register_components(ves::Registry& registry) {
  using ves::io_itk::FilesReader;
  using ves::io_itk::ImageReader;
  registry.add<ves::Writer>(
      "itk", "writes NIfTI (.nii.gz, .nii), NRRD and MetaImage files, keeping geometry",
      writer_schema(), [](const ves::config::Params& params, const ves::Context&) {
        ves::io_itk::WriteOptions options;
        options.compress = params.get_bool("compress");
        options.pixel_type = ves::io_itk::parse_pixel_type(params.get_string("dtype"));
        return std::make_unique<ItkWriter>(options);
      });
  registry.add<ves::Reader>(
      "files",
      "a dataset of image files (NIfTI, NRRD, MetaImage, DICOM, .npy) from a case table or a "
      "path pattern",
      FilesReader::schema(), [](const ves::config::Params& params, const ves::Context&) {
        return FilesReader::create(params);
      });
  registry.add<ves::Reader>(
      "image", "one image file or DICOM series folder as a single case, with an optional label",
      ImageReader::schema(), [](const ves::config::Params& params, const ves::Context&) {
        return ImageReader::create(params);
      });
}

}  // namespace

VES_PLUGIN("io-itk", "0.2.0",
           "Medical image files through ITK: NIfTI, NRRD, MetaImage, DICOM, .npy; file readers "
           "and writer",
           register_components)
