// Adapts ItkImageWriter to the framework: the "itk" writer component of plugin io-itk.
//
//   writer:
//     type: itk
//     compress: true   # compress where the format allows (.nrrd, .nhdr, .mha, .mhd); .nii.gz
//                      # is always gzip and .nii never is, whatever this says
//     dtype: auto      # auto | float32 | uint8 | int16 | int32; auto = float32, but volumes
//                      # whose values are all integers in 0..255 (masks) are written uint8
#include <memory>

#include "itk_image_writer.hpp"
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
  registry.add<ves::Writer>(
      "itk", "writes NIfTI (.nii.gz, .nii), NRRD and MetaImage files, keeping geometry",
      writer_schema(), [](const ves::config::Params& params, const ves::Context&) {
        ves::io_itk::WriteOptions options;
        options.compress = params.get_bool("compress");
        options.pixel_type = ves::io_itk::parse_pixel_type(params.get_string("dtype"));
        return std::make_unique<ItkWriter>(options);
      });
}

}  // namespace

VES_PLUGIN("io-itk", "0.1.0", "Medical image files through ITK: NIfTI, NRRD, MetaImage",
           register_components)
