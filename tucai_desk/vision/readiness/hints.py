# SPDX-License-Identifier: MIT
"""The concrete fix for each readiness finding, in Chinese and English.

One table serves the command line and the station's readiness page, so both say the same.
Keys are ``<check code>.<finding>``; texts take the finding's values as ``{name}`` fields.
"""

from __future__ import annotations

SIDE_ZH = {"left": "左侧", "right": "右侧", "top": "上方", "bottom": "下方"}

HINTS: dict[str, tuple[str, str]] = {
    "backdrop_colour.ok": ("背景布颜色符合要求。", "The backdrop colour is right."),
    "backdrop_colour.off": (
        "背景布颜色与照片标准的{colour}相差较大（色差 {value:.1f}）。请换用{colour}背景布，"
        "或检查灯光是否偏色、摄像头白平衡是否正确。",
        "The backdrop differs from the standard's {colour_en} (ΔE {value:.1f}). Use a "
        "{colour_en} backdrop, or check the lights' colour and the camera's white balance.",
    ),
    "backdrop_uniformity.ok": ("背景布平整均匀。", "The backdrop is smooth and even."),
    "backdrop_uniformity.uneven": (
        "背景布有褶皱、污渍或接缝（亮度起伏 {value:.1f}）。请将背景布拉平、熨平或更换。",
        "The backdrop has creases, stains or seams (lightness ripple {value:.1f}). "
        "Stretch, iron or replace it.",
    ),
    "light_evenness.ok": ("背景光照均匀。", "The light on the backdrop is even."),
    "light_evenness.dark_side": (
        "{side}灯光偏暗（比对侧暗 {percent:.0f}%），请将{side}灯靠近或调亮。",
        "The light is weaker on the {side_en} ({percent:.0f}% darker than the other side). "
        "Move the {side_en} lamp closer or turn it up.",
    ),
    "exposure.ok": ("曝光正常。", "The exposure is right."),
    "exposure.dark": (
        "画面偏暗（亮度 {value:.0f}）。请调亮灯光，或在摄像头设置中提高曝光。",
        "The picture is too dark (lightness {value:.0f}). Add light, or raise the camera's "
        "exposure.",
    ),
    "exposure.bright": (
        "画面过亮、背景发白（亮度 {value:.0f}）。请调暗灯光或降低摄像头曝光。",
        "The picture is too bright and the backdrop washes out (lightness {value:.0f}). Dim "
        "the lights or lower the camera's exposure.",
    ),
    "exposure.clipped": (
        "画面有 {percent:.1f}% 的区域过曝或死黑。请调整灯光，避免强光直射背景布。",
        "{percent:.1f}% of the picture is blown out or black. Adjust the lights so no lamp "
        "shines straight onto the backdrop.",
    ),
    "sharpness.ok": ("画面清晰。", "The picture is sharp."),
    "sharpness.blurred": (
        "画面模糊（边缘宽 {value:.1f} 像素）。请擦净镜头并重新对焦，或开启自动对焦。",
        "The picture is blurred (edges {value:.1f} px wide). Clean the lens and focus again, "
        "or switch autofocus on.",
    ),
    "sharpness.no_detail": (
        "画面中没有可判断清晰度的边缘。请让背景布边缘或一张印有文字的纸出现在画面中再检查。",
        "Nothing in the picture has edges to judge focus by. Let the backdrop's edge or a "
        "printed page show in the picture and check again.",
    ),
    "noise.ok": ("画面噪点正常。", "The picture noise is low."),
    "noise.noisy": (
        "画面噪点偏多（{value:.1f}）。多因光线不足，请调亮灯光，或降低摄像头增益（ISO）。",
        "The picture is noisy ({value:.1f}). Usually too little light: add light or lower the "
        "camera's gain (ISO).",
    ),
    "resolution.ok": ("摄像头分辨率 {delivered}，符合要求。", "The camera gives {delivered}."),
    "resolution.lower": (
        "摄像头实际分辨率 {delivered}，低于设置的 {asked}。请在摄像头设置中选择 {asked}，"
        "或将摄像头接到电脑的 USB 3.0 接口。",
        "The camera gives {delivered}, less than the {asked} asked for. Choose {asked} in the "
        "camera settings, or plug the camera into a USB 3.0 port.",
    ),
    "frame_rate.ok": (
        "摄像头帧率 {value:.0f} fps，符合要求。",
        "The camera gives {value:.0f} fps.",
    ),
    "frame_rate.low": (
        "摄像头实际帧率 {value:.0f} fps，低于设置的 {asked:.0f} fps。多因光线不足时摄像头"
        "自动延长曝光，请调亮灯光或锁定曝光；也可检查 USB 接口。",
        "The camera gives {value:.0f} fps, less than the {asked:.0f} fps asked for. Usually "
        "the camera lengthens exposure in dim light: add light or lock the exposure; also "
        "check the USB port.",
    ),
    "face_light_balance.ok": ("面部两侧光照均匀。", "The light on the face is even."),
    "face_light_balance.uneven": (
        "面部两侧明暗不均（{value:.2f}）。请调整两侧灯光，使其亮度和距离一致。",
        "The two sides of the face are lit unevenly ({value:.2f}). Make both lamps equally "
        "bright and equally far.",
    ),
    "face_exposure.ok": ("面部曝光正常。", "The face is exposed right."),
    "face_exposure.off": (
        "面部曝光不正确。请调整正面灯光或摄像头曝光后重新检查。",
        "The face is not exposed right. Adjust the front light or the camera's exposure and "
        "check again.",
    ),
    "glasses_glare.ok": ("眼镜无反光。", "No glare on glasses."),
    "glasses_glare.glare": (
        "眼镜片有反光。请将灯光抬高或移向两侧，避免正对眼镜。",
        "The glasses reflect the light. Raise the lamps or move them to the sides.",
    ),
    "face.missing": (
        "画面中没有检测到人脸。请让一名工作人员站在背景布前、面向摄像头后再检查。",
        "No face was found. Let a staff member stand before the backdrop, facing the camera, "
        "and check again.",
    ),
}

COLOUR_NAMES = {
    "light_blue": ("浅蓝色", "light blue"),
    "white": ("白色", "white"),
    "light_grey": ("浅灰色", "light grey"),
}


def hint_text(key: str, language: str = "zh_CN", **values: object) -> str:
    """The fix for ``key`` in ``language`` (``zh_CN`` or ``en``) with its values filled in."""
    zh, en = HINTS[key]
    side = values.get("side")
    if isinstance(side, str):
        values = {**values, "side": SIDE_ZH.get(side, side), "side_en": side}
    colour = values.get("colour")
    if isinstance(colour, str):
        names = COLOUR_NAMES.get(colour, (colour, colour.replace("_", " ")))
        values = {**values, "colour": names[0], "colour_en": names[1]}
    return (en if language == "en" else zh).format(**values)
