#include "slicer_module_xml.hpp"

#include "ves/version.hpp"

namespace vhost {

std::string slicer_evaluate_module_xml() {
  return std::string(R"(<?xml version="1.0" encoding="utf-8"?>
<executable>
  <category>Quantification</category>
  <title>Vesalius Segmentation Evaluation</title>
  <description>Scores predicted segmentations against reference segmentations, paired by file name: Dice, IoU, volumes, lesion-wise detection, HD, HD95, ASSD, MASD and normalised surface Dice in mm. Writes per_case.csv and summary.json.</description>
  <version>)") +
         ves::kVersion + R"(</version>
  <documentation-url>docs/metrics.md</documentation-url>
  <license>see the Vesalius repository</license>
  <contributor>Vesalius</contributor>
  <parameters>
    <label>Input and output</label>
    <description>Folders of image files (.nii.gz, .nrrd, .mha, .npy); a prediction and a reference with the same name form a case.</description>
    <directory>
      <name>pred</name>
      <longflag>--pred</longflag>
      <label>Predictions folder</label>
      <channel>input</channel>
      <description>Predicted masks, label maps or probability maps.</description>
    </directory>
    <directory>
      <name>ref</name>
      <longflag>--ref</longflag>
      <label>References folder</label>
      <channel>input</channel>
      <description>Reference masks or label maps.</description>
    </directory>
    <directory>
      <name>out</name>
      <longflag>--out</longflag>
      <label>Output folder</label>
      <channel>output</channel>
      <description>Where per_case.csv and summary.json are written.</description>
    </directory>
  </parameters>
  <parameters>
    <label>Metrics</label>
    <description>Definitions: docs/metrics.md.</description>
    <string-enumeration>
      <name>convention</name>
      <longflag>--convention</longflag>
      <label>Distance convention</label>
      <description>metricsreloaded (= MONAI), pooled (medpy) or deepmind (surface-distance).</description>
      <default>metricsreloaded</default>
      <element>metricsreloaded</element>
      <element>pooled</element>
      <element>deepmind</element>
    </string-enumeration>
    <double>
      <name>threshold</name>
      <longflag>--threshold</longflag>
      <label>Probability threshold</label>
      <description>Probability maps are foreground where the probability is at least this.</description>
      <default>0.5</default>
    </double>
    <string>
      <name>thresholds</name>
      <longflag>--thresholds</longflag>
      <label>Threshold sweep</label>
      <description>Thresholds to sweep: a list (0.3,0.5,0.7) or a range start:stop:step; empty for none.</description>
      <default></default>
    </string>
    <double>
      <name>nsdTolerance</name>
      <longflag>--nsd-tolerance</longflag>
      <label>Surface Dice tolerance (mm)</label>
      <description>Tolerance of the normalised surface Dice.</description>
      <default>1</default>
    </double>
    <boolean>
      <name>resample</name>
      <longflag>--resample</longflag>
      <label>Resample predictions</label>
      <description>Resample a prediction on another grid onto its reference's grid.</description>
      <default>false</default>
    </boolean>
  </parameters>
</executable>
)";
}

}  // namespace vhost
