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
        <source>Student id</source>
        <translation>学生编号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
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
        <source>These settings are not valid: {fields}.</source>
        <translation>以下设置无效：{fields}。</translation>
    </message>
    <message>
        <source>The audit log is intact: {records} records.</source>
        <translation>审计日志完整：共 {records} 条记录。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: record {seq} was edited, inserted or a record before it was deleted.</source>
        <translation>审计日志被改动：第 {seq} 条记录被修改、插入，或其前面的记录被删除。</translation>
    </message>
    <message>
        <source>The audit log was tampered with: the newest records (from {seq}) were deleted or replaced.</source>
        <translation>审计日志被改动：最新的记录（自第 {seq} 条起）被删除或替换。</translation>
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
    <name>SettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>采集站设置</translation>
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
        <source>Camera (auto, usb:N, file:…, folder:…)</source>
        <translation>摄像头（auto、usb:N、file:…、folder:…）</translation>
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
        <source>School notice (HTML)</source>
        <translation>学校图采通知（HTML）</translation>
    </message>
    <message>
        <source>Precautions (HTML)</source>
        <translation>注意事项（HTML）</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
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
</TS>
