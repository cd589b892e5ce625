<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountsPanel</name>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Please select an account.</source>
        <translation>请先选择一个账号。</translation>
    </message>
    <message>
        <source>Account %1 created.</source>
        <translation>账号 %1 已创建。</translation>
    </message>
    <message>
        <source>Account enabled.</source>
        <translation>账号已启用。</translation>
    </message>
    <message>
        <source>Account disabled.</source>
        <translation>账号已停用。</translation>
    </message>
    <message>
        <source>Login lock cleared.</source>
        <translation>登录锁定已解除。</translation>
    </message>
    <message>
        <source>Password set.</source>
        <translation>密码已设置。</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
<context>
    <name>AccountsView</name>
    <message>
        <source>Staff accounts</source>
        <translation>工作人员账号</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Clear login lock</source>
        <translation>解除登录锁定</translation>
    </message>
    <message>
        <source>New password for the selected account</source>
        <translation>所选账号的新密码</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>My password</source>
        <translation>我的密码</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Verify the audit log</source>
        <translation>校验审计日志</translation>
    </message>
    <message>
        <source>Show newest records</source>
        <translation>显示最新记录</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>采集站</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>CameraChoice</name>
    <message>
        <source>Automatic (the first camera found)</source>
        <translation>自动（使用找到的第一个摄像头）</translation>
    </message>
    <message>
        <source>Demo camera (a built-in sample video)</source>
        <translation>演示摄像头（内置示例视频）</translation>
    </message>
    <message>
        <source>Video file: {name}</source>
        <translation>视频文件：{name}</translation>
    </message>
    <message>
        <source>Image folder: {name}</source>
        <translation>图片文件夹：{name}</translation>
    </message>
    <message>
        <source>Camera {n} (not connected)</source>
        <translation>摄像头 {n}（未连接）</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Go to draft box</source>
        <translation>去草稿箱</translation>
    </message>
    <message>
        <source>The liveness check was not passed. Please follow the prompts again.</source>
        <translation>活体检测未通过，请按提示重新完成动作。</translation>
    </message>
    <message>
        <source>{notice} {reason}</source>
        <translation>{notice}{reason}</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Please complete the liveness check first.</source>
        <translation>请先按屏幕提示完成活体检测。</translation>
    </message>
    <message>
        <source>Draft box {count}/{capacity} (D)</source>
        <translation>草稿箱 {count}/{capacity} (D)</translation>
    </message>
    <message>
        <source>Liveness check: please look into the camera.</source>
        <translation>活体检测：请正视镜头。</translation>
    </message>
    <message>
        <source>Liveness check passed. Press Space to take the photo.</source>
        <translation>活体检测通过，请按空格键拍照。</translation>
    </message>
    <message>
        <source>The liveness check was not passed.</source>
        <translation>活体检测未通过。</translation>
    </message>
    <message>
        <source>({index}/{count})</source>
        <translation>（{index}/{count}）</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>This is your last attempt at the liveness check.</source>
        <translation>这是最后一次活体检测机会，请按提示认真完成动作。</translation>
    </message>
    <message>
        <source>Liveness check attempts left: {n}</source>
        <translation>活体检测剩余次数：{n}</translation>
    </message>
</context>
<context>
    <name>CapturePageView</name>
    <message>
        <source>Take the photo</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <source>Step 7</source>
        <translation>第 7 步</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Draft box (D)</source>
        <translation>草稿箱 (D)</translation>
    </message>
    <message>
        <source>Take photo (Space)</source>
        <translation>拍照 (空格)</translation>
    </message>
</context>
<context>
    <name>CodePage</name>
    <message>
        <source>Hold the QR code of your collection code up to the camera…</source>
        <translation>请将采集码二维码对准摄像头…</translation>
    </message>
    <message>
        <source>Stop scanning (F2)</source>
        <translation>停止扫码 (F2)</translation>
    </message>
    <message>
        <source>Scan with camera (F2)</source>
        <translation>扫码 (F2)</translation>
    </message>
    <message>
        <source>No QR code was found. Please try again.</source>
        <translation>未识别到二维码，请重试。</translation>
    </message>
</context>
<context>
    <name>CodePageView</name>
    <message>
        <source>Verify collection code</source>
        <translation>验证采集码</translation>
    </message>
    <message>
        <source>Step 1</source>
        <translation>第 1 步</translation>
    </message>
    <message>
        <source>Scan the QR code of your collection code (图像采集码) with the scanner, or type the code and press Enter.</source>
        <translation>请用扫码枪扫描学信网“图像采集码”二维码，或输入采集码后按回车键。</translation>
    </message>
    <message>
        <source>Collection code</source>
        <translation>采集码</translation>
    </message>
    <message>
        <source>Go to draft box</source>
        <translation>去草稿箱</translation>
    </message>
    <message>
        <source>Scan with camera (F2)</source>
        <translation>扫码 (F2)</translation>
    </message>
    <message>
        <source>Verify (Enter)</source>
        <translation>验证 (Enter)</translation>
    </message>
</context>
<context>
    <name>ConfirmPageView</name>
    <message>
        <source>Confirm upload</source>
        <translation>确认上传</translation>
    </message>
    <message>
        <source>Step 11</source>
        <translation>第 11 步</translation>
    </message>
    <message>
        <source>This photo will be uploaded as your academic-record photo. After confirming it cannot be changed here.</source>
        <translation>此照片将作为您的学历照片上传，确认后不能在本机更改。</translation>
    </message>
    <message>
        <source>Back to draft box (Esc)</source>
        <translation>返回草稿箱 (Esc)</translation>
    </message>
    <message>
        <source>Confirm upload (Enter)</source>
        <translation>确认上传 (Enter)</translation>
    </message>
</context>
<context>
    <name>ConsoleNames</name>
    <message>
        <source>no face found</source>
        <translation>未检测到人脸</translation>
    </message>
    <message>
        <source>more than one face</source>
        <translation>多人入镜</translation>
    </message>
    <message>
        <source>resolution too low</source>
        <translation>分辨率不足</translation>
    </message>
    <message>
        <source>cannot be framed</source>
        <translation>无法按版式裁切</translation>
    </message>
    <message>
        <source>face turned aside</source>
        <translation>侧脸（左右转头）</translation>
    </message>
    <message>
        <source>head raised or bowed</source>
        <translation>抬头或低头</translation>
    </message>
    <message>
        <source>head tilted</source>
        <translation>歪头</translation>
    </message>
    <message>
        <source>eyes not open</source>
        <translation>未睁眼</translation>
    </message>
    <message>
        <source>eyes covered</source>
        <translation>眼睛被遮挡</translation>
    </message>
    <message>
        <source>face covered</source>
        <translation>面部遮挡</translation>
    </message>
    <message>
        <source>mouth open</source>
        <translation>张嘴或露齿</translation>
    </message>
    <message>
        <source>expression not neutral</source>
        <translation>表情不自然</translation>
    </message>
    <message>
        <source>glare on glasses</source>
        <translation>眼镜反光</translation>
    </message>
    <message>
        <source>head covering</source>
        <translation>佩戴帽子或头饰</translation>
    </message>
    <message>
        <source>exposure</source>
        <translation>曝光不当</translation>
    </message>
    <message>
        <source>uneven light on the face</source>
        <translation>面部光线不均</translation>
    </message>
    <message>
        <source>blurred</source>
        <translation>照片模糊</translation>
    </message>
    <message>
        <source>unnatural colours</source>
        <translation>颜色不自然</translation>
    </message>
    <message>
        <source>top close to the background</source>
        <translation>服装与背景色接近</translation>
    </message>
    <message>
        <source>background</source>
        <translation>背景不合格</translation>
    </message>
    <message>
        <source>space above the head</source>
        <translation>头顶留白不合适</translation>
    </message>
    <message>
        <source>eye height</source>
        <translation>眼睛高度不合适</translation>
    </message>
    <message>
        <source>face size</source>
        <translation>脸部大小不合适</translation>
    </message>
    <message>
        <source>not centred</source>
        <translation>未居中</translation>
    </message>
    <message>
        <source>shoulders missing</source>
        <translation>肩部不完整</translation>
    </message>
    <message>
        <source>clothing filled in</source>
        <translation>衣服为补画</translation>
    </message>
    <message>
        <source>hair edge</source>
        <translation>头发边缘不清晰</translation>
    </message>
    <message>
        <source>file format</source>
        <translation>文件格式错误</translation>
    </message>
    <message>
        <source>file size</source>
        <translation>文件大小不符</translation>
    </message>
    <message>
        <source>resolution setting</source>
        <translation>分辨率设置错误</translation>
    </message>
    <message>
        <source>liveness check</source>
        <translation>活体检测未通过</translation>
    </message>
    <message>
        <source>action not done in time</source>
        <translation>超时未完成动作</translation>
    </message>
    <message>
        <source>moved like a flat picture</source>
        <translation>疑似翻拍（平面移动）</translation>
    </message>
    <message>
        <source>wrong action</source>
        <translation>动作与提示不符</translation>
    </message>
    <message>
        <source>face left the picture</source>
        <translation>人脸离开画面</translation>
    </message>
    <message>
        <source>screen detected</source>
        <translation>检测到屏幕</translation>
    </message>
    <message>
        <source>not passed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>waiting to sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>received by the service</source>
        <translation>省平台已接收</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>审核未通过</translation>
    </message>
    <message>
        <source>finished photo available</source>
        <translation>成品照已生成</translation>
    </message>
    <message>
        <source>to be sent</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>sending failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>signed out after being idle</source>
        <translation>空闲超时退出</translation>
    </message>
    <message>
        <source>account created</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <source>account enabled</source>
        <translation>启用账号</translation>
    </message>
    <message>
        <source>account disabled</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <source>account role changed</source>
        <translation>修改账号角色</translation>
    </message>
    <message>
        <source>sign-in lock cleared</source>
        <translation>解除登录锁定</translation>
    </message>
    <message>
        <source>password set by an admin</source>
        <translation>管理员重设密码</translation>
    </message>
    <message>
        <source>own password changed</source>
        <translation>修改本人密码</translation>
    </message>
    <message>
        <source>student looked up</source>
        <translation>查看学生信息</translation>
    </message>
    <message>
        <source>liveness lock cleared</source>
        <translation>解除活体锁定</translation>
    </message>
    <message>
        <source>timed lock cleared</source>
        <translation>解除限时锁定</translation>
    </message>
    <message>
        <source>payment confirmed by staff</source>
        <translation>工作人员确认支付</translation>
    </message>
    <message>
        <source>liveness check switched</source>
        <translation>开关活体检测</translation>
    </message>
    <message>
        <source>roster imported</source>
        <translation>导入名单</translation>
    </message>
    <message>
        <source>photos exported</source>
        <translation>导出照片</translation>
    </message>
    <message>
        <source>daily report saved</source>
        <translation>保存日报</translation>
    </message>
    <message>
        <source>settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>school settings changed</source>
        <translation>修改学校设置</translation>
    </message>
    <message>
        <source>console settings changed</source>
        <translation>修改管理设置</translation>
    </message>
    <message>
        <source>service credentials set</source>
        <translation>设置省平台凭据</translation>
    </message>
    <message>
        <source>provincial service configured</source>
        <translation>配置省平台</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>liveness failures</source>
        <translation>活体未通过次数</translation>
    </message>
    <message>
        <source>other failures</source>
        <translation>其他未通过次数</translation>
    </message>
    <message>
        <source>locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>switched on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>idle seconds</source>
        <translation>空闲秒数</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>code changes</source>
        <translation>采集码变更</translation>
    </message>
    <message>
        <source>rows left out</source>
        <translation>未导入的行</translation>
    </message>
    <message>
        <source>files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>未导出</translation>
    </message>
    <message>
        <source>files named by</source>
        <translation>文件命名</translation>
    </message>
    <message>
        <source>with unsynced photos</source>
        <translation>含未同步照片</translation>
    </message>
    <message>
        <source>changes</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <source>station</source>
        <translation>采集站</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>via</source>
        <translation>途径</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{key}: {value}</source>
        <translation>{key}：{value}</translation>
    </message>
</context>
<context>
    <name>ConsoleTexts</name>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>department</source>
        <translation>院系</translation>
    </message>
    <message>
        <source>class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>collection code</source>
        <translation>采集码</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>The {column} is missing.</source>
        <translation>缺少{column}。</translation>
    </message>
    <message>
        <source>The {column} is too long.</source>
        <translation>{column}过长。</translation>
    </message>
    <message>
        <source>The {column} contains invisible control characters.</source>
        <translation>{column}含有不可见的控制字符。</translation>
    </message>
    <message>
        <source>The {column} starts with = + - or @ (a spreadsheet formula); refused.</source>
        <translation>{column}以 = + - 或 @ 开头（可能是表格公式），已拒绝。</translation>
    </message>
    <message>
        <source>The student number may only hold letters, digits and - _ . /</source>
        <translation>学号只能包含字母、数字和 - _ . /</translation>
    </message>
    <message>
        <source>The mobile number is not a valid 11-digit mainland number.</source>
        <translation>手机号不是有效的 11 位大陆手机号。</translation>
    </message>
    <message>
        <source>The ID number is not valid (length, birth date or check digit).</source>
        <translation>身份证号无效（位数、出生日期或校验位不对）。</translation>
    </message>
    <message>
        <source>The collection code is malformed or its check character is wrong.</source>
        <translation>采集码格式错误或校验位不对。</translation>
    </message>
    <message>
        <source>The collection code belongs to another school.</source>
        <translation>采集码属于其他学校。</translation>
    </message>
    <message>
        <source>The school name differs from this station&apos;s school.</source>
        <translation>学校名称与本站的学校不一致。</translation>
    </message>
    <message>
        <source>The student number repeats line {other}.</source>
        <translation>学号与第 {other} 行重复。</translation>
    </message>
    <message>
        <source>The collection code repeats line {other}.</source>
        <translation>采集码与第 {other} 行重复。</translation>
    </message>
    <message>
        <source>The ID number repeats line {other}.</source>
        <translation>身份证号与第 {other} 行重复。</translation>
    </message>
    <message>
        <source>The collection code already belongs to another student.</source>
        <translation>采集码已属于数据库中的另一名学生。</translation>
    </message>
    <message>
        <source>The student with this ID number would get a student number that belongs to another student.</source>
        <translation>该身份证号的学生改用的新学号已属于数据库中的另一名学生。</translation>
    </message>
    <message>
        <source>The roster file was not found.</source>
        <translation>找不到名单文件。</translation>
    </message>
    <message>
        <source>The roster file cannot be read.</source>
        <translation>名单文件无法读取。</translation>
    </message>
    <message>
        <source>The roster file is too large ({size_mb} MB); the limit is {limit_mb} MB. Please split it and import the parts one after the other.</source>
        <translation>名单文件太大（{size_mb} MB），上限为 {limit_mb} MB。请拆分后分批导入。</translation>
    </message>
    <message>
        <source>The roster file is empty.</source>
        <translation>名单文件是空的。</translation>
    </message>
    <message>
        <source>This is not a CSV or XLSX table, or its text encoding is unknown. Save it from Excel as CSV (UTF-8) or XLSX.</source>
        <translation>这不是 CSV 或 XLSX 表格，或文件编码无法识别。请用 Excel 另存为 CSV（UTF-8）或 XLSX。</translation>
    </message>
    <message>
        <source>The text encoding of the file is unknown. Save it as CSV (UTF-8) or XLSX.</source>
        <translation>文件的文字编码无法识别。请另存为 CSV（UTF-8）或 XLSX。</translation>
    </message>
    <message>
        <source>Old Excel files (.xls) are not supported. Save it as .xlsx or CSV.</source>
        <translation>不支持旧版 Excel（.xls）文件。请另存为 .xlsx 或 CSV。</translation>
    </message>
    <message>
        <source>The XLSX file is damaged or not an Excel workbook.</source>
        <translation>XLSX 文件已损坏或不是 Excel 工作簿。</translation>
    </message>
    <message>
        <source>The XLSX file claims a smaller size than its content really has (a damaged or forged file); nothing was imported. Open it in Excel and save it again as .xlsx or CSV.</source>
        <translation>XLSX 文件声明的大小与实际内容不符（文件已损坏或被篡改），未导入任何数据。请用 Excel 打开后重新另存为 .xlsx 或 CSV。</translation>
    </message>
    <message>
        <source>The CSV file is malformed at line {line} (a huge cell or a stray quote).</source>
        <translation>CSV 文件第 {line} 行格式错误（单元格过大或引号不配对）。</translation>
    </message>
    <message>
        <source>The roster has more than {limit} rows. Please split it.</source>
        <translation>名单超过 {limit} 行，请拆分后分批导入。</translation>
    </message>
    <message>
        <source>No header row was found. The first row should name the columns 姓名, 学号, 学校, 院系, 班级, 手机号, 采集码, 身份证号.</source>
        <translation>找不到表头。第一行应为：姓名、学号、学校、院系、班级、手机号、采集码、身份证号。</translation>
    </message>
    <message>
        <source>The roster lacks required columns: {columns}.</source>
        <translation>名单缺少必需的列：{columns}。</translation>
    </message>
    <message>
        <source>The roster has columns twice: {columns}.</source>
        <translation>名单中有重复的列：{columns}。</translation>
    </message>
    <message>
        <source>The roster holds no students.</source>
        <translation>名单中没有学生数据。</translation>
    </message>
    <message>
        <source>The school cannot be told: no valid collection code in the roster.</source>
        <translation>无法确定学校：名单中没有有效的采集码。</translation>
    </message>
    <message>
        <source>{count} rows have problems; nothing was imported. Correct the file and check it again, or choose to skip the bad rows.</source>
        <translation>名单中有 {count} 行有问题，未导入任何数据。请修改后重新检查，或选择跳过有问题的行。</translation>
    </message>
    <message>
        <source>The database changed since the check ({count} codes now belong to other students); nothing was imported. Please check the file again.</source>
        <translation>检查之后数据库已有变化（{count} 个采集码已属于其他学生），未导入任何数据。请重新检查文件。</translation>
    </message>
    <message>
        <source>Writing to the database failed; nothing was imported.</source>
        <translation>写入数据库失败，未导入任何数据。</translation>
    </message>
    <message>
        <source>Your staff account may not do this.</source>
        <translation>您的工作人员账号无权执行此操作。</translation>
    </message>
    <message>
        <source>Unknown way of naming the photo files.</source>
        <translation>未知的照片文件命名方式。</translation>
    </message>
    <message>
        <source>There are no photos to export yet (none accepted by the provincial service). An offline or demo station may include photos confirmed here.</source>
        <translation>暂无可导出的照片（尚无被省平台接收的照片）。离线或演示站点可勾选导出本站已确认的照片。</translation>
    </message>
    <message>
        <source>The file cannot be written (folder missing, no permission or disk full).</source>
        <translation>文件无法写入（目录不存在、无权限或磁盘已满）。</translation>
    </message>
    <message>
        <source>This station has no school yet.</source>
        <translation>本采集站尚未设置学校。</translation>
    </message>
    <message>
        <source>photo file missing</source>
        <translation>照片文件缺失</translation>
    </message>
    <message>
        <source>photo file damaged (hash differs)</source>
        <translation>照片文件已损坏（校验值不符）</translation>
    </message>
    <message>
        <source>no ID number</source>
        <translation>没有身份证号</translation>
    </message>
    <message>
        <source>This user name is taken (or empty).</source>
        <translation>该用户名已被使用（或为空）。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters with letters and digits (or other signs).</source>
        <translation>密码至少 8 位，并须包含字母和数字（或其他符号）。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账号。</translation>
    </message>
    <message>
        <source>This is the last active admin account; it must stay.</source>
        <translation>这是最后一个可用的管理员账号，必须保留。</translation>
    </message>
    <message>
        <source>Unknown role.</source>
        <translation>未知的角色。</translation>
    </message>
    <message>
        <source>The account no longer exists.</source>
        <translation>该账号已不存在。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
    <message>
        <source>Please enter a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>The student record was not found.</source>
        <translation>找不到该学生的记录。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>A head covering is already allowed for this student.</source>
        <translation>已允许该学生佩戴头部覆盖物。</translation>
    </message>
    <message>
        <source>No head covering is allowed for this student at the moment.</source>
        <translation>该学生目前没有佩戴头部覆盖物的许可。</translation>
    </message>
    <message>
        <source>These settings are not valid: {fields}.</source>
        <translation>以下设置无效：{fields}。</translation>
    </message>
    <message>
        <source>The audit log is intact: {records} records.</source>
        <translation>审计日志完整：共 {records} 条记录。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: record {seq} was edited. Keep the station as it is and tell the school&apos;s administrator.</source>
        <translation>审计日志被篡改：第 {seq} 条记录被改动。请保持本机现状，并报告学校管理员。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: a record before record {seq} was deleted. Keep the station as it is and tell the school&apos;s administrator.</source>
        <translation>审计日志被篡改：第 {seq} 条之前有记录被删除。请保持本机现状，并报告学校管理员。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: the newest records (from {seq}) were deleted or replaced. Keep the station as it is and tell the school&apos;s administrator.</source>
        <translation>审计日志被篡改：最新的记录（从第 {seq} 条起）被删除或替换。请保持本机现状，并报告学校管理员。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: all its records were deleted. Keep the station as it is and tell the school&apos;s administrator.</source>
        <translation>审计日志被篡改：全部记录被删除。请保持本机现状，并报告学校管理员。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: from record {seq} on it was rewritten without the audit key. Keep the station as it is and tell the school&apos;s administrator.</source>
        <translation>审计日志被篡改：从第 {seq} 条起被人在没有审计密钥的情况下重写。请保持本机现状，并报告学校管理员。</translation>
    </message>
    <message>
        <source>The audit log cannot be checked here: this station holds another audit key. Import the key of the first station (tucai-desk audit key import).</source>
        <translation>无法在本机检查审计日志：本机的审计密钥与数据库不符。请导入第一台采集站的密钥（tucai-desk audit key import）。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: its head record is missing.</source>
        <translation>审计日志被改动：日志头记录缺失。</translation>
    </message>
    <message>
        <source>The action could not be completed ({code}). Nothing was changed.</source>
        <translation>操作未能完成（{code}），未做任何更改。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Failed checks</source>
        <translation>未通过的检测项</translation>
    </message>
    <message>
        <source>Liveness failures</source>
        <translation>活体检测未通过</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Uploads by state</source>
        <translation>各状态的上传</translation>
    </message>
    <message>
        <source>Students on the roster</source>
        <translation>名单学生总数</translation>
    </message>
    <message>
        <source>Students done (all days)</source>
        <translation>已完成的学生（累计）</translation>
    </message>
    <message>
        <source>Photos confirmed this day</source>
        <translation>当日确认上传</translation>
    </message>
    <message>
        <source>Photos taken</source>
        <translation>拍摄次数</translation>
    </message>
    <message>
        <source>Photos passed</source>
        <translation>检测通过</translation>
    </message>
    <message>
        <source>Photos failed</source>
        <translation>检测未通过</translation>
    </message>
    <message>
        <source>Liveness checks failed</source>
        <translation>活体检测未通过</translation>
    </message>
    <message>
        <source>Payments completed</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Students locked (liveness)</source>
        <translation>活体锁定的学生</translation>
    </message>
    <message>
        <source>Students locked for a while</source>
        <translation>限时锁定的学生</translation>
    </message>
    <message>
        <source>Unlocks by staff</source>
        <translation>工作人员解锁次数</translation>
    </message>
    <message>
        <source>Uploads waiting to sync</source>
        <translation>待同步的上传</translation>
    </message>
    <message>
        <source>Oldest upload waiting since</source>
        <translation>最早的待同步上传时间</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Staff console — %1</source>
        <translation>工作人员控制台 — %1</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Logged in: %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Find student</source>
        <translation>查找学生</translation>
    </message>
    <message>
        <source>Import roster</source>
        <translation>导入名单</translation>
    </message>
    <message>
        <source>Export and report</source>
        <translation>导出与日报</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>我的账号</translation>
    </message>
    <message>
        <source>Confirm with your password</source>
        <translation>请输入密码确认</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Photo station</source>
        <translation>图像采集站</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask staff for help.</source>
        <translation>操作出错，请重试或联系工作人员。</translation>
    </message>
</context>
<context>
    <name>DismissDialog</name>
    <message>
        <source>Dismiss the station check banner</source>
        <translation>关闭站点自检提示</translation>
    </message>
    <message>
        <source>Why may the station capture today without a passed station check? (required, written to the audit log)</source>
        <translation>为什么今天可以在站点自检未通过的情况下采集？（必填，将写入审计日志）</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Payment: no fee</source>
        <translation>支付：无需缴费</translation>
    </message>
    <message>
        <source>Payment: {state}</source>
        <translation>支付：{state}</translation>
    </message>
    <message>
        <source>Photo: not uploaded yet</source>
        <translation>照片：尚未上传</translation>
    </message>
    <message>
        <source>Photo: uploaded to the provincial service</source>
        <translation>照片：已上传至省级平台</translation>
    </message>
    <message>
        <source>Photo: confirmed, waiting to be sent to the provincial service</source>
        <translation>照片：已确认上传，等待同步至省级平台</translation>
    </message>
</context>
<context>
    <name>DonePageView</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Step 13</source>
        <translation>第 13 步</translation>
    </message>
    <message>
        <source>Your photo collection is complete. Thank you!</source>
        <translation>您的图像采集已完成，谢谢！</translation>
    </message>
    <message>
        <source>Download photo (F5)</source>
        <translation>照片下载 (F5)</translation>
    </message>
    <message>
        <source>Next student (Enter)</source>
        <translation>下一位 (Enter)</translation>
    </message>
</context>
<context>
    <name>DownloadPage</name>
    <message>
        <source>Your finished photo is ready. Insert a USB stick and press Save.</source>
        <translation>成品照片已生成，请插入U盘后点击保存。</translation>
    </message>
    <message>
        <source>The finished photo has not been produced yet. Please check again later.</source>
        <translation>成品照片尚未生成，请稍后查看</translation>
    </message>
    <message>
        <source>Choose where to save the photo</source>
        <translation>选择照片保存位置</translation>
    </message>
    <message>
        <source>The photo could not be saved there. Please choose another folder.</source>
        <translation>无法保存到该位置，请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Saved as {path}</source>
        <translation>已保存为 {path}</translation>
    </message>
</context>
<context>
    <name>DownloadPageView</name>
    <message>
        <source>Photo download</source>
        <translation>照片下载</translation>
    </message>
    <message>
        <source>Step 14</source>
        <translation>第 14 步</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Save to… (Enter)</source>
        <translation>保存到… (Enter)</translation>
    </message>
</context>
<context>
    <name>DraftCard</name>
    <message>
        <source>No. {n}
{when}</source>
        <translation>第 {n} 张
{when}</translation>
    </message>
    <message>
        <source>Clothing at the bottom was filled in by the station, not photographed.</source>
        <translation>照片底部的衣服是站点补画的，并非实拍。</translation>
    </message>
    <message>
        <source>Use this photo ({n})</source>
        <translation>使用此照片 ({n})</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Can be deleted after
{when}</source>
        <translation>可于以下时间后删除：
{when}</translation>
    </message>
</context>
<context>
    <name>DraftsPage</name>
    <message>
        <source>Choose the photo you want to upload. Photos in the box: {count}.</source>
        <translation>请选择要上传的照片。草稿箱照片数：{count}。</translation>
    </message>
    <message>
        <source>Delete this photo from the draft box?</source>
        <translation>确定从草稿箱删除此照片吗？</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DraftsPageView</name>
    <message>
        <source>Draft box</source>
        <translation>草稿箱</translation>
    </message>
    <message>
        <source>Step 10</source>
        <translation>第 10 步</translation>
    </message>
    <message>
        <source>There are no photos in your draft box yet.</source>
        <translation>草稿箱中还没有照片。</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Back to camera (Esc)</source>
        <translation>返回拍摄 (Esc)</translation>
    </message>
</context>
<context>
    <name>ExportPanel</name>
    <message>
        <source>Export photos to</source>
        <translation>导出照片到</translation>
    </message>
    <message>
        <source>ZIP (*.zip)</source>
        <translation>ZIP 文件 (*.zip)</translation>
    </message>
    <message>
        <source>Please choose where to save the ZIP file.</source>
        <translation>请选择 ZIP 文件的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 photos exported to %2</source>
        <translation>已导出 %1 张照片到 %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1: %2 students confirmed, %3 photos taken (%4 failed), backlog %5.</source>
        <translation>%1：确认上传 %2 人，拍摄 %3 次（未通过 %4 次），待同步 %5 条。</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>报表另存为</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>报表已保存到 %1</translation>
    </message>
</context>
<context>
    <name>ExportView</name>
    <message>
        <source>Export photos</source>
        <translation>导出照片</translation>
    </message>
    <message>
        <source>Student number (学号)</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>ID number (身份证号)</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Name the files by</source>
        <translation>文件命名方式</translation>
    </message>
    <message>
        <source>Also photos confirmed here but not yet accepted (offline or demo station)</source>
        <translation>同时导出本站已确认但尚未被省平台接收的照片（离线或演示站点）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>ZIP file</source>
        <translation>ZIP 文件</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Left out because</source>
        <translation>未导出原因</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>保存为 CSV…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>HeadCoverBox</name>
    <message>
        <source>Religious head covering</source>
        <translation>宗教头部覆盖物</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Allow head covering</source>
        <translation>允许佩戴</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销许可</translation>
    </message>
    <message>
        <source>Allowed by %1 on %2: %3</source>
        <translation>已由 %1 于 %2 允许：%3</translation>
    </message>
    <message>
        <source>Not allowed: photos with a head covering fail.</source>
        <translation>未允许：佩戴头部覆盖物的照片不能通过。</translation>
    </message>
    <message>
        <source>Earlier: %1 (revoked by %2 on %3: %4)</source>
        <translation>此前：%1（%2 于 %3 撤销：%4）</translation>
    </message>
    <message>
        <source>Please enter a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>Choose the roster file</source>
        <translation>选择名单文件</translation>
    </message>
    <message>
        <source>Rosters (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>名单 (*.csv *.xlsx *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Please choose a roster file.</source>
        <translation>请选择名单文件。</translation>
    </message>
    <message>
        <source>%1 rows (%2%3) for %4 (%5). New: %6, updated: %7, code changed: %8, unchanged: %9.</source>
        <translation>共 %1 行（%2%3），学校 %4（%5）。新增 %6 人，更新 %7 人，采集码变更 %8 人，未变 %9 人。</translation>
    </message>
    <message>
        <source>%1 students in the database are not in this file; they stay.</source>
        <translation>数据库中另有 %1 名学生不在此名单中，将保留不动。</translation>
    </message>
    <message>
        <source>Student number changed (same ID number): %1</source>
        <translation>学号变更（同一身份证号，保留锁定、记录与照片）：%1</translation>
    </message>
    <message>
        <source>%1 rows have problems. Nothing is imported unless you skip them.</source>
        <translation>有 %1 行有问题。除非选择跳过这些行，否则不会导入任何数据。</translation>
    </message>
    <message>
        <source>Import %1 students</source>
        <translation>导入 %1 名学生</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 codes changed, %4 unchanged, %5 rows skipped.</source>
        <translation>导入完成：新增 %1 人，更新 %2 人，采集码变更 %3 人，未变 %4 人，跳过 %5 行。</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Comparing with the database</source>
        <translation>与数据库比对</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>写入</translation>
    </message>
</context>
<context>
    <name>ImportView</name>
    <message>
        <source>Roster file: CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX with the columns 姓名, 学号, 学校, 院系, 班级, 手机号 (optional), 采集码, 身份证号 (optional).</source>
        <translation>名单文件：CSV（UTF-8、带 BOM 的 UTF-8 或 GBK）或 XLSX，列为 姓名、学号、学校、院系、班级、手机号（可选）、采集码、身份证号（可选）。</translation>
    </message>
    <message>
        <source>Path of the roster file</source>
        <translation>名单文件路径</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Skip the bad rows and import the others</source>
        <translation>跳过有问题的行，导入其余的行</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>InfoPage</name>
    <message>
        <source>Please enter your mobile number.</source>
        <translation>请输入手机号码。</translation>
    </message>
    <message>
        <source>Please enter a valid 11-digit mainland mobile number.</source>
        <translation>请输入正确的11位手机号码。</translation>
    </message>
</context>
<context>
    <name>InfoPageView</name>
    <message>
        <source>Confirm your details</source>
        <translation>信息核对</translation>
    </message>
    <message>
        <source>Step 2</source>
        <translation>第 2 步</translation>
    </message>
    <message>
        <source>11-digit mobile number</source>
        <translation>11位手机号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Department / class</source>
        <translation>院系 / 班级</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Please check that these are your own details. Whoever collects a photo with someone else&apos;s details bears the responsibility for it!</source>
        <translation>请核实确认本人信息，使用他人信息进行采集的自行承担相应责任！</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Confirm and continue (Enter)</source>
        <translation>确认进入 (Enter)</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>LookupPanel</name>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message numerus="yes">
        <source>%n student(s) found</source>
        <translation>
            <numerusform>找到 %n 名学生</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LookupView</name>
    <message>
        <source>Name, student number, collection code or the last 4+ digits of the phone</source>
        <translation>姓名、学号、采集码或手机号后 4 位以上</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Collection code</source>
        <translation>采集码</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>院系</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Photo collection station — {school}</source>
        <translation>学历图像采集站 — {school}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Liveness check is off</source>
        <translation>活体检测已关闭</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Staff: {name} ({role})</source>
        <translation>工作人员：{name}（{role}）</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>No staff signed in</source>
        <translation>未登录工作人员</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>End the photo collection of the current student?</source>
        <translation>结束当前学生的采集吗？</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>A student is in the middle of the photo collection. Quit the station anyway?</source>
        <translation>有学生正在采集中，仍要退出采集站吗？</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>What was saved stays: drafts and confirmed photos.</source>
        <translation>已保存的内容不会丢失：草稿箱照片和已确认上传的照片。</translation>
    </message>
    <message>
        <source>Camera: working</source>
        <translation>摄像头：正常</translation>
    </message>
    <message>
        <source>Camera: starting…</source>
        <translation>摄像头：正在启动…</translation>
    </message>
    <message>
        <source>Camera: off</source>
        <translation>摄像头：已关闭</translation>
    </message>
    <message>
        <source>No provincial service configured · waiting to upload: {n}</source>
        <translation>未配置省级平台 · 待上传 {n} 项</translation>
    </message>
    <message>
        <source>Waiting to sync: {n}</source>
        <translation>待同步 {n} 项</translation>
    </message>
    <message>
        <source>Need staff attention: {n}</source>
        <translation>需人工处理 {n} 项</translation>
    </message>
    <message>
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <source>Sync state unknown</source>
        <translation>同步状态未知</translation>
    </message>
</context>
<context>
    <name>NotifyPageView</name>
    <message>
        <source>Notifications</source>
        <translation>接收通知</translation>
    </message>
    <message>
        <source>Step 5</source>
        <translation>第 5 步</translation>
    </message>
    <message>
        <source>Choose which notices you want to receive on your mobile phone.</source>
        <translation>请选择需要通过手机接收的通知。</translation>
    </message>
    <message>
        <source>Photo status notices (review results and so on)</source>
        <translation>接收照片状态通知（审核结果等）</translation>
    </message>
    <message>
        <source>Payment result notices</source>
        <translation>接收支付结果通知</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>下一步 (Enter)</translation>
    </message>
</context>
<context>
    <name>PaymentPage</name>
    <message>
        <source>Amount: {amount}</source>
        <translation>金额：{amount}</translation>
    </message>
    <message>
        <source>Order number: {order}</source>
        <translation>订单号：{order}</translation>
    </message>
</context>
<context>
    <name>PaymentPageView</name>
    <message>
        <source>Payment</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Step 12</source>
        <translation>第 12 步</translation>
    </message>
    <message>
        <source>Scan the QR code with your mobile phone to pay for your photo.</source>
        <translation>请使用手机扫描二维码支付采集费用。</translation>
    </message>
    <message>
        <source>Pay later (Esc)</source>
        <translation>稍后支付 (Esc)</translation>
    </message>
    <message>
        <source>Continue (Enter)</source>
        <translation>继续 (Enter)</translation>
    </message>
</context>
<context>
    <name>PreviewPageView</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Step 8</source>
        <translation>第 8 步</translation>
    </message>
    <message>
        <source>Is this photo all right? Press OK to have it made and checked.</source>
        <translation>照片满意吗？点击“确定”制作并检测照片。</translation>
    </message>
    <message>
        <source>Retake (Esc)</source>
        <translation>重拍 (Esc)</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>Readiness</name>
    <message>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Backdrop colour</source>
        <translation>背景布颜色</translation>
    </message>
    <message>
        <source>Backdrop evenness</source>
        <translation>背景布平整度</translation>
    </message>
    <message>
        <source>Light evenness</source>
        <translation>光照均匀度</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>曝光</translation>
    </message>
    <message>
        <source>Sharpness</source>
        <translation>清晰度</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪点</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Light on the face</source>
        <translation>面部光照</translation>
    </message>
    <message>
        <source>Face exposure</source>
        <translation>面部曝光</translation>
    </message>
    <message>
        <source>Glare on glasses</source>
        <translation>眼镜反光</translation>
    </message>
    <message>
        <source>note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>clipped</source>
        <translation>过曝/死黑占比</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高度</translation>
    </message>
</context>
<context>
    <name>ReadinessActions</name>
    <message>
        <source>Station check…</source>
        <translation>站点自检…</translation>
    </message>
    <message>
        <source>Station check: staff login</source>
        <translation>站点自检：工作人员登录</translation>
    </message>
    <message>
        <source>station camera</source>
        <translation>采集站摄像头</translation>
    </message>
    <message>
        <source>Dismiss the station check banner: admin login</source>
        <translation>关闭站点自检提示：管理员登录</translation>
    </message>
    <message>
        <source>Only an administrator may dismiss the banner.</source>
        <translation>只有管理员可以关闭该提示。</translation>
    </message>
    <message>
        <source>Please give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>ReadinessBanner</name>
    <message>
        <source>Station check…</source>
        <translation>站点自检…</translation>
    </message>
    <message>
        <source>Dismiss for today (admin)…</source>
        <translation>今日不再提示（管理员）…</translation>
    </message>
    <message>
        <source>No station check today. Check the backdrop, lights and camera before the students come (staff menu → Station check).</source>
        <translation>今天还没有进行站点自检。请在学生到来之前检查背景布、灯光和摄像头（工作人员菜单 → 站点自检）。</translation>
    </message>
    <message>
        <source>Today&apos;s station check failed: {checks}. Fix it and check again.</source>
        <translation>今天的站点自检未通过：{checks}。请调整后重新检查。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ReadinessDialog</name>
    <message>
        <source>Station check</source>
        <translation>站点自检</translation>
    </message>
    <message>
        <source>Step 1: clear the space before the backdrop, switch the lights on as for the capture day, and let the backdrop fill the yellow box. Then start.</source>
        <translation>第 1 步：清空背景布前的区域，按采集当天的方式打开灯光，让背景布充满黄色方框，然后开始检查。</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>测得值</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <source>Check the backdrop</source>
        <translation>检查背景</translation>
    </message>
    <message>
        <source>Step 2: check a person before the backdrop</source>
        <translation>第 2 步：检查站在背景前的人像</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No camera: connect the camera and open the station check again.</source>
        <translation>没有摄像头：请连接摄像头后重新打开站点自检。</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>摄像头：</translation>
    </message>
    <message>
        <source>{fps} fps</source>
        <translation>{fps} 帧/秒</translation>
    </message>
    <message>
        <source>Lock exposure, white balance and focus (the same light all day)</source>
        <translation>锁定曝光、白平衡和对焦（全天光线一致）</translation>
    </message>
    <message>
        <source>Save and apply</source>
        <translation>保存并应用</translation>
    </message>
    <message>
        <source>Camera settings saved for this camera; they come back when it is plugged in again.</source>
        <translation>已为这台摄像头保存设置；重新插入时会自动恢复。</translation>
    </message>
    <message>
        <source>Exposure, white balance and focus: automatic.</source>
        <translation>曝光、白平衡和对焦：自动。</translation>
    </message>
    <message>
        <source>exposure</source>
        <translation>曝光</translation>
    </message>
    <message>
        <source>white balance</source>
        <translation>白平衡</translation>
    </message>
    <message>
        <source>focus</source>
        <translation>对焦</translation>
    </message>
    <message>
        <source>gain (ISO)</source>
        <translation>增益（ISO）</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>not supported by this camera</source>
        <translation>此摄像头不支持</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Watching the backdrop… keep the space before it clear.</source>
        <translation>正在检查背景……请保持背景布前无人无物。</translation>
    </message>
    <message>
        <source>The camera sent no picture. Check the camera and try again.</source>
        <translation>摄像头没有画面。请检查摄像头后重试。</translation>
    </message>
    <message>
        <source>Looking at the person&apos;s face…</source>
        <translation>正在检查人像面部……</translation>
    </message>
    <message>
        <source>Camera: {name} — delivers {w}×{h} at {fps:.1f} fps (asked {aw}×{ah} at {afps:.0f})</source>
        <translation>摄像头：{name} —— 实际 {w}×{h}，{fps:.1f} fps（设置 {aw}×{ah}，{afps:.0f} fps）</translation>
    </message>
    <message>
        <source>Not ready: fix what the table says, then check again.</source>
        <translation>未就绪：请按表中建议调整后重新检查。</translation>
    </message>
    <message>
        <source>Ready, with notes: see the table.</source>
        <translation>已就绪，但有需要注意的项目：见上表。</translation>
    </message>
    <message>
        <source>Ready: the station may capture today.</source>
        <translation>已就绪：今天可以开始采集。</translation>
    </message>
    <message>
        <source>The check could not finish. Try again; if it fails again, restart the station.</source>
        <translation>检查未能完成。请重试；如果仍然失败，请重新启动采集站。</translation>
    </message>
</context>
<context>
    <name>ReadingPage</name>
    <message>
        <source>Please read to the end; then Next can be pressed.</source>
        <translation>请阅读至末尾后点击“下一步”。</translation>
    </message>
</context>
<context>
    <name>ReadingPageView</name>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>下一步 (Enter)</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Retake (Esc)</source>
        <translation>重拍 (Esc)</translation>
    </message>
    <message>
        <source>The photo passed all checks and was saved to the draft box.</source>
        <translation>照片检测通过，已保存到草稿箱</translation>
    </message>
    <message>
        <source>Please note (you may retake the photo):</source>
        <translation>请注意（如有需要可以重拍）：</translation>
    </message>
    <message>
        <source>The photo did not pass the checks.</source>
        <translation>照片未通过检测，请按以下提示调整后重拍：</translation>
    </message>
    <message>
        <source>Retake ({cooldown})</source>
        <translation>重拍（{cooldown}）</translation>
    </message>
</context>
<context>
    <name>ResultPageView</name>
    <message>
        <source>Production and checks</source>
        <translation>制作与检测</translation>
    </message>
    <message>
        <source>Step 9</source>
        <translation>第 9 步</translation>
    </message>
    <message>
        <source>Making and checking your photo, please wait…</source>
        <translation>正在制作和检测照片，请稍候…</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Retake (Esc)</source>
        <translation>重拍 (Esc)</translation>
    </message>
    <message>
        <source>Go to draft box (Enter)</source>
        <translation>去草稿箱 (Enter)</translation>
    </message>
</context>
<context>
    <name>RichTextEditor</name>
    <message>
        <source>Bold</source>
        <translation>加粗</translation>
    </message>
    <message>
        <source>Italic</source>
        <translation>斜体</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>项目符号列表</translation>
    </message>
    <message>
        <source>Numbered list</source>
        <translation>编号列表</translation>
    </message>
</context>
<context>
    <name>SceneReader</name>
    <message>
        <source>Academic-record photo collection</source>
        <translation>学历图像采集</translation>
    </message>
    <message>
        <source>Please wait: the staff will call you.</source>
        <translation>请稍候，工作人员将为您开始采集。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Department / class</source>
        <translation>院系 / 班级</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>{field}: {value}</source>
        <translation>{field}：{value}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>采集站设置</translation>
    </message>
    <message>
        <source>The clock of station %1 jumped %2 minutes ahead of the time the rules use. Locks and the draft rule do not follow it until you confirm that the clock is right; if it is wrong, correct the clock instead.</source>
        <translation>工作站 %1 的时钟比规则所用时间快了 %2 分钟。在您确认该时钟正确之前，锁定和草稿删除规则不会按它计时；如果时钟有误，请改正时钟。</translation>
    </message>
    <message>
        <source>the profile&apos;s default</source>
        <translation>标准默认颜色</translation>
    </message>
    <message>
        <source>light blue</source>
        <translation>浅蓝</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白色</translation>
    </message>
    <message>
        <source>light grey</source>
        <translation>浅灰</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Width (px)</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <source>Height (px)</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Photo profile</source>
        <translation>照片标准</translation>
    </message>
    <message>
        <source>Background colour</source>
        <translation>背景颜色</translation>
    </message>
    <message>
        <source>Camera and photo</source>
        <translation>摄像头与照片</translation>
    </message>
    <message>
        <source>Draft box capacity</source>
        <translation>草稿箱容量</translation>
    </message>
    <message>
        <source>Drafts deletable after (hours)</source>
        <translation>草稿可删除时间（小时）</translation>
    </message>
    <message>
        <source>Cooldown after a failed photo (s)</source>
        <translation>未通过后的冷静期（秒）</translation>
    </message>
    <message>
        <source>Liveness failures until locked</source>
        <translation>活体检测失败几次后锁定</translation>
    </message>
    <message>
        <source>Other failures until a timed lock</source>
        <translation>其他检测失败几次后限时锁定</translation>
    </message>
    <message>
        <source>Timed lock (minutes)</source>
        <translation>限时锁定时长（分钟）</translation>
    </message>
    <message>
        <source>Staff session ends after idle (minutes)</source>
        <translation>工作人员无操作自动退出（分钟）</translation>
    </message>
    <message>
        <source>Admin actions ask for the password again after (minutes)</source>
        <translation>管理员操作超过此时间需重新输入密码（分钟）</translation>
    </message>
    <message>
        <source>The station clock is right: confirm it</source>
        <translation>工作站时钟正确：确认</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>empty: no provincial service (offline)</source>
        <translation>留空：不连接省平台（离线）</translation>
    </message>
    <message>
        <source>unchanged when empty</source>
        <translation>留空则不修改</translation>
    </message>
    <message>
        <source>Student number (学号)</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>ID number (身份证号)</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Provincial service address</source>
        <translation>省平台服务地址</translation>
    </message>
    <message>
        <source>Station ID at the service</source>
        <translation>省级平台分配的采集站编号</translation>
    </message>
    <message>
        <source>Station secret</source>
        <translation>采集站密钥</translation>
    </message>
    <message>
        <source>Name exported photos by</source>
        <translation>导出照片命名方式</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Fee per student</source>
        <translation>每名学生费用</translation>
    </message>
    <message>
        <source>School notice</source>
        <translation>学校图采通知</translation>
    </message>
    <message>
        <source>Precautions</source>
        <translation>注意事项</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>First start: create the administrator</source>
        <translation>首次启动：创建管理员账号</translation>
    </message>
    <message>
        <source>This account can unlock students, change settings and add staff.</source>
        <translation>管理员可以解锁学生账号、修改设置和添加工作人员。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
</context>
<context>
    <name>StaffActions</name>
    <message>
        <source>&amp;Staff</source>
        <translation>工作人员(&amp;S)</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Staff console…</source>
        <translation>工作人员控制台…</translation>
    </message>
    <message>
        <source>Unlock account…</source>
        <translation>解锁账号…</translation>
    </message>
    <message>
        <source>Liveness check</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>Confirm payment (demo)</source>
        <translation>确认支付 (演示)</translation>
    </message>
    <message>
        <source>End current student</source>
        <translation>结束当前学生</translation>
    </message>
    <message>
        <source>Lock station</source>
        <translation>锁定工作站</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Staff console: staff login</source>
        <translation>工作人员控制台：请工作人员登录</translation>
    </message>
    <message>
        <source>Unlock account: staff login</source>
        <translation>解锁账号：工作人员登录</translation>
    </message>
    <message>
        <source>Switch liveness check: staff login</source>
        <translation>开关活体检测：工作人员登录</translation>
    </message>
    <message>
        <source>No student is being served.</source>
        <translation>当前没有正在采集的学生。</translation>
    </message>
    <message>
        <source>Confirm payment: staff login</source>
        <translation>确认支付：工作人员登录</translation>
    </message>
</context>
<context>
    <name>StaffLoginDialog</name>
    <message>
        <source>Staff login</source>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>StaffSessionGate</name>
    <message>
        <source>Staff sign-in</source>
        <translation>工作人员登录</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>An unexpected error occurred. Your data is safe. Please tell the school&apos;s photo office and give them the log file: %1</source>
        <translation>程序出现意外错误，已采集的数据不会丢失。请联系学校图采工作部门，并提供日志文件：%1</translation>
    </message>
</context>
<context>
    <name>StationLoginPage</name>
    <message>
        <source>Photo collection station</source>
        <translation>学历图像采集站</translation>
    </message>
    <message>
        <source>Staff login to open the station</source>
        <translation>请工作人员登录以开启采集站</translation>
    </message>
    <message>
        <source>Demo mode: user name admin, password demo-admin</source>
        <translation>演示模式：用户名 admin，密码 demo-admin</translation>
    </message>
</context>
<context>
    <name>StudentFlow</name>
    <message>
        <source>School notice</source>
        <translation>学校图采通知</translation>
    </message>
    <message>
        <source>Step 3</source>
        <translation>第 3 步</translation>
    </message>
    <message>
        <source>Precautions</source>
        <translation>注意事项</translation>
    </message>
    <message>
        <source>Step 4</source>
        <translation>第 4 步</translation>
    </message>
    <message>
        <source>The school has not published a notice.</source>
        <translation>学校暂未发布图采通知。</translation>
    </message>
    <message>
        <source>A recent, frontal, bare-headed colour photo; sit upright, face the camera.</source>
        <translation>本人近期正面免冠彩色头像，坐姿端正，正对镜头。</translation>
    </message>
    <message>
        <source>No hat, cap or other head covering; no earrings or necklace.</source>
        <translation>不得佩戴帽子、头巾等头部覆盖物，不得佩戴耳环、项链。</translation>
    </message>
    <message>
        <source>Hair must not cover the eyebrows, eyes or ears; no make-up.</source>
        <translation>头发不得遮挡眉毛、眼睛和耳朵，不宜化妆。</translation>
    </message>
    <message>
        <source>Wear a top that differs clearly from the background (no blue on blue).</source>
        <translation>上衣颜色应与背景色区分明显（蓝色背景不要穿蓝色上衣）。</translation>
    </message>
    <message>
        <source>Glasses only if you always wear them: no glare, no tinted lenses.</source>
        <translation>常戴眼镜者应佩戴眼镜，镜片不得反光，不得佩戴有色眼镜。</translation>
    </message>
    <message>
        <source>Keep a natural expression, eyes open, mouth closed.</source>
        <translation>表情自然，双眼自然睁开，嘴唇自然闭合。</translation>
    </message>
</context>
<context>
    <name>StudentPage</name>
    <message>
        <source>used, %1</source>
        <translation>已使用，%1</translation>
    </message>
    <message>
        <source>Liveness failures: %1</source>
        <translation>活体检测失败次数：%1</translation>
    </message>
    <message>
        <source>Other check failures: %1</source>
        <translation>其他检测失败次数：%1</translation>
    </message>
    <message>
        <source>Locked after liveness failures (staff unlock needed).</source>
        <translation>因活体检测多次未通过已锁定（需工作人员解锁）。</translation>
    </message>
    <message>
        <source>Capture locked until %1.</source>
        <translation>拍摄已锁定至 %1。</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>in the draft box</source>
        <translation>在草稿箱中</translation>
    </message>
    <message>
        <source>clothing filled in by the station</source>
        <translation>衣服由站点补画</translation>
    </message>
    <message>
        <source>liveness</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Please enter a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>StudentPageView</name>
    <message>
        <source>← Back to results</source>
        <translation>← 返回查找结果</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Department / class</source>
        <translation>院系 / 班级</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Collection code</source>
        <translation>采集码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Information confirmed</source>
        <translation>信息确认时间</translation>
    </message>
    <message>
        <source>Requirements video watched</source>
        <translation>拍摄要求视频观看时间</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Reason for the unlock (required)</source>
        <translation>解锁原因（必填）</translation>
    </message>
    <message>
        <source>Unlock liveness lock</source>
        <translation>解除活体锁定</translation>
    </message>
    <message>
        <source>Clear timed lock</source>
        <translation>解除限时锁定</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>采集站</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <source>At the service</source>
        <translation>省平台状态</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Reason / error</source>
        <translation>原因 / 错误</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>拍摄记录</translation>
    </message>
    <message>
        <source>Draft box</source>
        <translation>草稿箱</translation>
    </message>
    <message>
        <source>Uploads</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
</context>
<context>
    <name>StudentScreen</name>
    <message>
        <source>Student screen</source>
        <translation>学生屏幕</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>No face was found. Stand right in front of the camera and look into the lens.</source>
        <translation>未检测到人脸，请站在镜头正前方并正视镜头</translation>
    </message>
    <message>
        <source>More than one face is in the picture. Only you may be in front of the camera.</source>
        <translation>画面中有多张人脸，拍摄时镜头前只能有本人</translation>
    </message>
    <message>
        <source>Your face is too small in the picture. Please move closer to the camera.</source>
        <translation>人脸在画面中太小，请靠近镜头</translation>
    </message>
    <message>
        <source>The photo cannot be framed correctly. Keep your head inside the outline.</source>
        <translation>无法按标准版式裁切照片，请让头部位于轮廓线内</translation>
    </message>
    <message>
        <source>Please look straight into the camera; do not turn your face to the side.</source>
        <translation>请正视镜头，不要侧脸</translation>
    </message>
    <message>
        <source>Please look straight ahead; do not raise or lower your head.</source>
        <translation>请平视镜头，不要抬头或低头</translation>
    </message>
    <message>
        <source>Please hold your head upright; do not tilt it to one side.</source>
        <translation>请保持头部端正，不要歪头</translation>
    </message>
    <message>
        <source>Please keep both eyes naturally open.</source>
        <translation>请自然睁开双眼</translation>
    </message>
    <message>
        <source>Both eyes must be visible: keep hair and frames off your eyes; no tinted glasses or coloured contact lenses.</source>
        <translation>请露出双眼：头发和镜框不要遮挡眼睛，不要佩戴有色眼镜或美瞳</translation>
    </message>
    <message>
        <source>Show your whole face: no hand, mask or scarf in front of it.</source>
        <translation>请露出完整面部，不要用手、口罩或围巾遮挡</translation>
    </message>
    <message>
        <source>Please close your mouth and keep a natural expression.</source>
        <translation>请闭上嘴巴，保持自然表情</translation>
    </message>
    <message>
        <source>Please keep a natural, neutral expression; do not laugh or pull a face.</source>
        <translation>请保持自然表情，不要大笑或做表情</translation>
    </message>
    <message>
        <source>Your glasses reflect the light. Tilt them slightly or lower your chin a little.</source>
        <translation>眼镜有反光，请微调眼镜角度或稍微低头</translation>
    </message>
    <message>
        <source>Please take off your hat, cap, hood or other head covering.</source>
        <translation>请摘下帽子、头巾等头部覆盖物</translation>
    </message>
    <message>
        <source>The light on your face is not right. Please ask staff to adjust the lights.</source>
        <translation>面部光线不合适，请工作人员调整补光灯</translation>
    </message>
    <message>
        <source>One side of your face is darker. Stand in the middle between the two lights.</source>
        <translation>脸部左右光线不均匀，请站在两盏补光灯正中间</translation>
    </message>
    <message>
        <source>The photo is blurred. Please hold still while the photo is taken.</source>
        <translation>照片不清晰，拍摄时请保持不动</translation>
    </message>
    <message>
        <source>The colours look unnatural. Please ask staff to check the lights and camera.</source>
        <translation>照片颜色不自然，请工作人员检查灯光和摄像头</translation>
    </message>
    <message>
        <source>Your top is too close to the background colour. Wear a top that stands out (no blue top on a blue background).</source>
        <translation>上衣颜色与背景色太接近，请更换与背景区分明显的上衣（蓝色背景不要穿蓝色上衣）</translation>
    </message>
    <message>
        <source>Stand right in front of the backdrop; nothing else may be behind you.</source>
        <translation>请站在背景布正前方，身后不要有其他人或物体</translation>
    </message>
    <message>
        <source>The top of your head is not in place. Line it up with the top of the outline.</source>
        <translation>头顶位置不合适，请让头顶对齐轮廓线顶部</translation>
    </message>
    <message>
        <source>Your eyes are not at the right height. Line them up with the eye line.</source>
        <translation>眼睛高度不合适，请让双眼对齐画面中的眼睛参考线</translation>
    </message>
    <message>
        <source>Your face is not the right size. Adjust your distance so it fills the outline.</source>
        <translation>脸部大小不合适，请调整与镜头的距离，让脸部充满轮廓线</translation>
    </message>
    <message>
        <source>Please stand in the middle so that your head is centred in the outline.</source>
        <translation>请站在画面正中间，让头部位于轮廓线中央</translation>
    </message>
    <message>
        <source>Your shoulders must be in the photo. Please step back a little.</source>
        <translation>照片中需露出双肩，请稍微后退</translation>
    </message>
    <message>
        <source>The bottom of the photo shows clothing the station filled in. Step back a little so the camera sees your shoulders.</source>
        <translation>照片底部的衣服是站点补画的。请稍向后退，让摄像头拍到您的双肩。</translation>
    </message>
    <message>
        <source>The edge of your hair is not clean. Tidy your hair and stand before the backdrop.</source>
        <translation>头发边缘不清晰，请整理头发并站在背景布前</translation>
    </message>
    <message>
        <source>The photo file could not be made correctly. Please retake; if it fails again, ask staff for help.</source>
        <translation>照片文件生成失败，请重拍；如仍失败请联系工作人员</translation>
    </message>
    <message>
        <source>The photo file size is outside the required range. Please retake; if it fails again, ask staff for help.</source>
        <translation>照片文件大小不符合要求，请重拍；如仍失败请联系工作人员</translation>
    </message>
    <message>
        <source>The photo resolution setting is wrong. Please ask staff for help.</source>
        <translation>照片分辨率设置有误，请联系工作人员</translation>
    </message>
    <message>
        <source>The liveness check was not passed. Please follow the prompts on the screen.</source>
        <translation>活体检测未通过，请按屏幕提示完成动作</translation>
    </message>
    <message>
        <source>The top of your head is outside the picture. Please sit a little lower.</source>
        <translation>头顶超出了画面，请坐低一些</translation>
    </message>
    <message>
        <source>Your chin and neck are outside the picture. Please step back a little.</source>
        <translation>下巴和颈部超出了画面，请稍微后退</translation>
    </message>
    <message>
        <source>Your head is cut off at the side. Please move to the middle of the picture.</source>
        <translation>头部超出了画面一侧，请移到画面中间</translation>
    </message>
    <message>
        <source>Your shoulders are not in the picture. Please step back a little.</source>
        <translation>肩部没有完整拍入画面，请稍微后退</translation>
    </message>
    <message>
        <source>Your hairstyle rises too high for the photo. Please wear your hair lower.</source>
        <translation>发型过高，无法按标准版式裁切，请将头发放低</translation>
    </message>
    <message>
        <source>The light is too dark. Please move closer to the lights.</source>
        <translation>光线太暗，请靠近补光灯</translation>
    </message>
    <message>
        <source>The light is too bright. Please step back from the lights.</source>
        <translation>光线太亮，请远离补光灯</translation>
    </message>
    <message>
        <source>Parts of your face are overexposed. Please step back from the lights.</source>
        <translation>面部局部过曝，请远离补光灯</translation>
    </message>
    <message>
        <source>Your face is too small in the photo. Please move a little closer.</source>
        <translation>脸部在照片中太小，请靠近镜头一点</translation>
    </message>
    <message>
        <source>Your face is too large in the photo. Please step back a little.</source>
        <translation>脸部在照片中太大，请稍微后退</translation>
    </message>
    <message>
        <source>Your chin is raised. Please lower your chin a little and look straight ahead.</source>
        <translation>下巴抬得太高，请微微收下巴，平视镜头</translation>
    </message>
    <message>
        <source>Your head is bowed. Please raise your chin a little and look straight ahead.</source>
        <translation>头部过低，请微微抬头，平视镜头</translation>
    </message>
    <message>
        <source>Your teeth show. Please close your lips naturally.</source>
        <translation>请闭上嘴巴，不要露出牙齿</translation>
    </message>
    <message>
        <source>Please do not smile broadly; keep a natural expression.</source>
        <translation>请不要露齿大笑，保持自然表情</translation>
    </message>
    <message>
        <source>A hand covers your face. Please rest your hands on your lap.</source>
        <translation>手挡住了面部，请把双手放在腿上。</translation>
    </message>
    <message>
        <source>Please relax your face and keep a natural expression.</source>
        <translation>请放松面部，保持自然表情</translation>
    </message>
    <message>
        <source>The photo does not meet the standard ({code}). Please retake it.</source>
        <translation>照片不符合标准（{code}），请重拍</translation>
    </message>
    <message>
        <source>Please scan or enter your collection code.</source>
        <translation>请扫描或输入采集码</translation>
    </message>
    <message>
        <source>This is not a valid collection code. Please scan it again or check what you typed.</source>
        <translation>采集码格式不正确，请重新扫描或核对后输入</translation>
    </message>
    <message>
        <source>No student with this collection code was found.</source>
        <translation>未找到该采集码对应的学生信息</translation>
    </message>
    <message>
        <source>This collection code belongs to another school. Please go to your own school&apos;s capture point.</source>
        <translation>该采集码不属于本校，请到本人所在学校的采集点采集</translation>
    </message>
    <message>
        <source>The photo for this collection code has already been collected.</source>
        <translation>该采集码已完成采集，无需重复采集</translation>
    </message>
    <message>
        <source>This collection code has expired.</source>
        <translation>该采集码已过期</translation>
    </message>
    <message>
        <source>If you have any questions, please contact the school&apos;s photo collection office.</source>
        <translation>如有疑问请联系学校图采工作部门</translation>
    </message>
    <message>
        <source>Your photos failed the liveness check several times. Please contact the school&apos;s photo collection office to unlock your account.</source>
        <translation>系统检测到您的照片多次未通过活体检测，请联系学校图采工作部门进行账号解锁。</translation>
    </message>
    <message>
        <source>Please read the shooting requirements carefully. You can take photos again after {until}.</source>
        <translation>请仔细阅读拍摄要求，可于{until}后重新拍摄。</translation>
    </message>
    <message>
        <source>The draft box is full. Please go to the draft box to delete a photo or use one of the photos there.</source>
        <translation>草稿箱已满，请前往草稿箱删除或使用草稿箱照片</translation>
    </message>
    <message>
        <source>Cooldown: {n} s</source>
        <translation>冷静期 {n} 秒</translation>
    </message>
    <message>
        <source>Photos were found in your draft box. You can choose one to upload.</source>
        <translation>系统检测到草稿箱有照片，可以选择进行上传。</translation>
    </message>
    <message>
        <source>{year}-{month}-{day} {hh}:{mm}:{ss}</source>
        <translation>{year}年{month}月{day}日 {hh}:{mm}:{ss}</translation>
    </message>
    <message>
        <source>Taking a photo is not possible right now.</source>
        <translation>当前暂不能拍摄。</translation>
    </message>
    <message>
        <source>{n} attempts left.</source>
        <translation>还剩 {n} 次机会。</translation>
    </message>
    <message>
        <source>Please enter a valid 11-digit mainland mobile number.</source>
        <translation>请输入正确的11位手机号码。</translation>
    </message>
    <message>
        <source>Please pass the liveness check first, then take the photo again.</source>
        <translation>请先通过活体检测，然后重新拍照。</translation>
    </message>
    <message>
        <source>This photo can only be deleted 24 hours after it was saved.</source>
        <translation>照片保存满24小时后才能删除。</translation>
    </message>
    <message>
        <source>This photo is no longer in the draft box.</source>
        <translation>该照片已不在草稿箱中。</translation>
    </message>
    <message>
        <source>The student record was not found.</source>
        <translation>未找到该学生信息。</translation>
    </message>
    <message>
        <source>A photo has already been confirmed for upload.</source>
        <translation>已有照片确认上传。</translation>
    </message>
    <message>
        <source>No picture was received from the camera. Please try again.</source>
        <translation>未从摄像头获取到画面，请重试。</translation>
    </message>
    <message>
        <source>There is no payment order for this student.</source>
        <translation>该学生没有支付订单。</translation>
    </message>
    <message>
        <source>Your staff account may not do this.</source>
        <translation>您的工作人员账号无权进行此操作。</translation>
    </message>
    <message>
        <source>No school is set up on this station. Please import the roster first.</source>
        <translation>本采集站尚未设置学校，请先导入名单。</translation>
    </message>
    <message>
        <source>The password is too weak: use at least 8 characters with letters and digits.</source>
        <translation>密码强度不够：请至少使用8位并包含字母和数字。</translation>
    </message>
    <message>
        <source>A staff account with this name already exists.</source>
        <translation>该用户名已存在。</translation>
    </message>
    <message>
        <source>Please enter a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>This account is not locked.</source>
        <translation>该账号未被锁定。</translation>
    </message>
    <message>
        <source>The action could not be completed ({code}). Please ask staff for help.</source>
        <translation>操作未能完成（{code}），请联系工作人员。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until {until}.</source>
        <translation>密码错误次数过多，账号已锁定至{until}。</translation>
    </message>
    <message>
        <source>This staff account is disabled.</source>
        <translation>该工作人员账号已停用。</translation>
    </message>
    <message>
        <source>Please enter user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The password must have at least {n} characters.</source>
        <translation>密码至少需要{n}个字符。</translation>
    </message>
    <message>
        <source>Head cover allowed by staff: {reason}</source>
        <translation>经工作人员允许佩戴头部覆盖物：{reason}</translation>
    </message>
    <message>
        <source>The staff session has ended. Please sign in again.</source>
        <translation>工作人员登录已结束，请重新登录。</translation>
    </message>
    <message>
        <source>The staff session ended after a while without staff actions. Please sign in again.</source>
        <translation>长时间没有工作人员操作，登录已结束，请重新登录。</translation>
    </message>
    <message>
        <source>This staff account has been disabled, so the action was refused. Please ask an administrator.</source>
        <translation>此工作人员账号已被停用，操作被拒绝。请联系管理员。</translation>
    </message>
    <message>
        <source>The role of this staff account was changed, so the action was refused. Please sign in again.</source>
        <translation>此工作人员账号的角色已变更，操作被拒绝。请重新登录。</translation>
    </message>
    <message>
        <source>Please enter your password again to confirm this action.</source>
        <translation>请再次输入密码以确认此操作。</translation>
    </message>
    <message>
        <source>No camera was found. Please connect the camera.</source>
        <translation>未找到摄像头，请连接摄像头。</translation>
    </message>
    <message>
        <source>The camera could not be opened (it may be in use by another program).</source>
        <translation>无法打开摄像头（可能被其他程序占用）。</translation>
    </message>
    <message>
        <source>The camera setting is not valid.</source>
        <translation>摄像头设置无效。</translation>
    </message>
    <message>
        <source>The camera was disconnected. Reconnecting…</source>
        <translation>摄像头已断开，正在重新连接…</translation>
    </message>
    <message>
        <source>Only the station camera may be used: no video files or pictures.</source>
        <translation>只能使用采集站摄像头，严禁翻拍：不得使用视频文件或图片。</translation>
    </message>
    <message>
        <source>The camera is not available ({code}).</source>
        <translation>摄像头不可用（{code}）。</translation>
    </message>
    <message>
        <source>No provincial service configured</source>
        <translation>未配置省级平台</translation>
    </message>
    <message>
        <source>Provincial service unreachable</source>
        <translation>无法连接省级平台</translation>
    </message>
    <message>
        <source>Provincial service does not answer</source>
        <translation>省级平台无响应</translation>
    </message>
    <message>
        <source>Secure connection to the provincial service failed</source>
        <translation>与省级平台的安全连接失败</translation>
    </message>
    <message>
        <source>Provincial service error</source>
        <translation>省级平台出错</translation>
    </message>
    <message>
        <source>Station login refused by the service</source>
        <translation>省级平台拒绝本工作站登录</translation>
    </message>
    <message>
        <source>A confirmed photo file is missing</source>
        <translation>已确认的照片文件丢失</translation>
    </message>
    <message>
        <source>A confirmed photo file is damaged</source>
        <translation>已确认的照片文件损坏</translation>
    </message>
    <message>
        <source>Sync error ({code})</source>
        <translation>同步出错（{code}）</translation>
    </message>
    <message>
        <source>Please stand in front of the camera.</source>
        <translation>请站到镜头前</translation>
    </message>
    <message>
        <source>Only one person may be in front of the camera.</source>
        <translation>镜头前只能有一个人</translation>
    </message>
    <message>
        <source>Please come a little closer.</source>
        <translation>请靠近一点</translation>
    </message>
    <message>
        <source>Please step back a little.</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <source>Please move a little to your left.</source>
        <translation>请向您的左侧移动一点</translation>
    </message>
    <message>
        <source>Please move a little to your right.</source>
        <translation>请向您的右侧移动一点</translation>
    </message>
    <message>
        <source>Please sit up straight so your head is higher.</source>
        <translation>请坐直，让头部再高一点</translation>
    </message>
    <message>
        <source>Please lower your head into the outline.</source>
        <translation>请降低头部位置，让头部位于轮廓线内</translation>
    </message>
    <message>
        <source>Good. Hold still and press Space to take the photo.</source>
        <translation>很好，请保持不动，按空格键拍照</translation>
    </message>
    <message>
        <source>Please blink.</source>
        <translation>请眨眨眼</translation>
    </message>
    <message>
        <source>Please slowly turn your head to your left.</source>
        <translation>请缓慢向左转头</translation>
    </message>
    <message>
        <source>Please slowly turn your head to your right.</source>
        <translation>请缓慢向右转头</translation>
    </message>
    <message>
        <source>Please look straight into the camera.</source>
        <translation>请正视镜头</translation>
    </message>
    <message>
        <source>Please show your whole face to the camera.</source>
        <translation>请将整张脸对准摄像头。</translation>
    </message>
    <message>
        <source>Please hold your head still for a moment.</source>
        <translation>请保持头部稳定片刻。</translation>
    </message>
    <message>
        <source>Please open your eyes.</source>
        <translation>请睁开眼睛。</translation>
    </message>
    <message>
        <source>The action was not done in time.</source>
        <translation>未在规定时间内完成动作。</translation>
    </message>
    <message>
        <source>The face moved like a flat picture. Photos of photos or screens are not allowed.</source>
        <translation>检测到平面图像运动，严禁翻拍照片或屏幕。</translation>
    </message>
    <message>
        <source>A different action was done than the one asked.</source>
        <translation>所做动作与提示不符。</translation>
    </message>
    <message>
        <source>Your face left the picture.</source>
        <translation>人脸离开了画面。</translation>
    </message>
    <message>
        <source>A screen was detected. Photos of photos or screens are not allowed.</source>
        <translation>检测到屏幕，严禁翻拍照片或屏幕。</translation>
    </message>
    <message>
        <source>Waiting for payment</source>
        <translation>等待支付</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Payment order expired</source>
        <translation>支付订单已过期</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>采集中</translation>
    </message>
    <message>
        <source>Photos in the draft box</source>
        <translation>草稿箱有照片</translation>
    </message>
    <message>
        <source>Confirmed, waiting to sync</source>
        <translation>已确认，等待同步</translation>
    </message>
    <message>
        <source>Received by the provincial service</source>
        <translation>省级平台已接收</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>审核未通过</translation>
    </message>
    <message>
        <source>Finished photo available</source>
        <translation>成品照片已生成</translation>
    </message>
    <message>
        <source>¥{amount}</source>
        <translation>¥{amount}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock account</source>
        <translation>解锁账号</translation>
    </message>
    <message>
        <source>Name, student number, collection code or last digits of the phone</source>
        <translation>姓名、学号、采集码或手机号后几位</translation>
    </message>
    <message>
        <source>Reason (required, written to the audit log)</source>
        <translation>原因（必填，将记入审计日志）</translation>
    </message>
    <message>
        <source>Unlock liveness lock</source>
        <translation>解除活体锁定</translation>
    </message>
    <message>
        <source>Clear timed lock</source>
        <translation>解除限时锁定</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No student chosen</source>
        <translation>未选择学生</translation>
    </message>
    <message>
        <source>Liveness failures: {n}; liveness lock: {state}</source>
        <translation>活体检测失败 {n} 次；活体锁定：{state}</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>not locked</source>
        <translation>未锁定</translation>
    </message>
    <message>
        <source>Failed photos: {n}; timed lock: {state}</source>
        <translation>未通过照片 {n} 张；限时锁定：{state}</translation>
    </message>
    <message>
        <source>until {when}</source>
        <translation>至 {when}</translation>
    </message>
    <message>
        <source>The liveness lock was removed.</source>
        <translation>已解除活体锁定。</translation>
    </message>
    <message>
        <source>The timed lock was cleared.</source>
        <translation>已解除限时锁定。</translation>
    </message>
</context>
<context>
    <name>VideoPage</name>
    <message>
        <source>You have watched the video. You may watch it again or go on.</source>
        <translation>您已看完拍摄要求视频，可以再次观看或进入下一步。</translation>
    </message>
    <message>
        <source>Please watch the whole video; then Next can be pressed.</source>
        <translation>请完整观看拍摄要求视频后点击“下一步”。</translation>
    </message>
    <message>
        <source>The video cannot be played. Please ask staff for help.</source>
        <translation>视频无法播放，请联系工作人员。</translation>
    </message>
    <message>
        <source>The video was not played completely. Please watch it again.</source>
        <translation>视频未完整播放，请重新观看。</translation>
    </message>
</context>
<context>
    <name>VideoPageView</name>
    <message>
        <source>Shooting requirements</source>
        <translation>拍摄要求</translation>
    </message>
    <message>
        <source>Step 6</source>
        <translation>第 6 步</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <source>Play again (R)</source>
        <translation>重新播放 (R)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>下一步 (Enter)</translation>
    </message>
</context>
</TS>
