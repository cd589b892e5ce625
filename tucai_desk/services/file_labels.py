# SPDX-License-Identifier: MIT
"""Chinese labels for the files the station writes for the school office (the daily report CSV,
the export manifest): codes there are shown by name, times as local wall-clock time."""

from __future__ import annotations

from datetime import datetime

CHECK_LABELS = {
    "face_found": "未检测到人脸",
    "single_face": "多人入镜",
    "resolution": "分辨率不足",
    "geometry": "无法按版式裁切",
    "pose_yaw": "侧脸（左右转头）",
    "pose_pitch": "抬头或低头",
    "pose_roll": "歪头",
    "eyes_open": "未睁眼",
    "eyes_visible": "眼睛被遮挡",
    "occlusion": "面部遮挡",
    "mouth_closed": "张嘴或露齿",
    "expression": "表情不自然",
    "glasses_glare": "眼镜反光",
    "head_cover": "佩戴帽子或头饰",
    "exposure": "曝光不当",
    "light_balance": "面部光线不均",
    "sharpness": "照片模糊",
    "colour": "颜色不自然",
    "clothing_contrast": "服装与背景色接近",
    "background_raw": "背景不合格",
    "top_margin": "头顶留白不合适",
    "eye_line": "眼睛高度不合适",
    "face_width": "脸部大小不合适",
    "centring": "未居中",
    "upper_body": "肩部不完整",
    "clothing_extended": "衣服为补画",
    "matte_edge": "头发边缘不清晰",
    "file_format": "文件格式错误",
    "file_size": "文件大小不符",
    "dpi": "分辨率设置错误",
    "liveness": "活体检测未通过",
}
LIVENESS_LABELS = {
    "timeout": "超时未完成动作",
    "planar_motion": "疑似翻拍（平面移动）",
    "wrong_move": "动作与提示不符",
    "face_lost": "人脸离开画面",
    "several_faces": "多人入镜",
    "screen_cues": "检测到屏幕",
}
STATUS_LABELS = {
    "pending": "待同步",
    "received": "省平台已接收",
    "accepted": "审核通过",
    "rejected": "审核未通过",
    "finished": "成品照已生成",
}


def label(labels: dict[str, str], code: str) -> str:
    """The label of a code, or the code itself when it has none (a newer station's code)."""
    return labels.get(code, code)


def local_time_text(moment: datetime | None) -> str:
    """Local wall-clock time without an offset, e.g. ``2026-06-01 17:05:09``."""
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%Y-%m-%d %H:%M:%S")
