<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
  <context>
    <name />
    <message id="attract.title">
      <source>My Number Card kiosk</source>
      <translation>マイナンバーカード 手続き端末</translation>
    </message>
    <message id="attract.body">
      <source>Reset a forgotten PIN or apply to renew your card. Touch the screen to start.</source>
      <translation>忘れた暗証番号の再設定や、カードの更新申請ができます。画面に触れて始めてください。</translation>
    </message>
    <message id="action.start">
      <source>Start</source>
      <translation>はじめる</translation>
    </message>
    <message id="services.title">
      <source>What would you like to do?</source>
      <translation>どの手続きをしますか？</translation>
    </message>
    <message id="services.body">
      <source>Choose one. Bring your My Number Card; nothing else is needed. Each takes about 5 to 15 minutes.</source>
      <translation>1つ選んでください。お持ちいただくのはマイナンバーカードだけです。どれも5～15分ほどで終わります。</translation>
    </message>
    <message id="service.sign_pin_reset">
      <source>Reset the signature PIN (6-16 characters)</source>
      <translation>署名用の暗証番号を再設定する（6～16文字）</translation>
    </message>
    <message id="service.pin_reset">
      <source>Reset the 4-digit PINs</source>
      <translation>4桁の暗証番号を再設定する</translation>
    </message>
    <message id="service.pin_reset.pending">
      <source>Not yet approved: ask at the counter</source>
      <translation>まだご利用いただけません。窓口でお尋ねください</translation>
    </message>
    <message id="service.renewal">
      <source>Apply to renew my card</source>
      <translation>カードの更新を申請する</translation>
    </message>
    <message id="service.locked_out">
      <source>I do not remember any PIN</source>
      <translation>暗証番号をどれも覚えていない</translation>
    </message>
    <message id="service.sign_pin_reset.about">
      <source>For a forgotten or locked signature PIN. You need your 4-digit PIN. About 5 minutes.</source>
      <translation>署名用の暗証番号を忘れた、またはロックされたとき。4桁の暗証番号が必要です。約5分。</translation>
    </message>
    <message id="service.pin_reset.about">
      <source>For forgotten or locked 4-digit PINs. You need your signature PIN. About 5 minutes.</source>
      <translation>4桁の暗証番号を忘れた、またはロックされたとき。署名用の暗証番号が必要です。約5分。</translation>
    </message>
    <message id="service.renewal.about">
      <source>When your card expires soon: apply for a new one. The photo is taken here. About 10 minutes.</source>
      <translation>カードの有効期限が近いとき、新しいカードを申請します。写真はここで撮ります。約10分。</translation>
    </message>
    <message id="service.locked_out.about">
      <source>See what can be done for you without any PIN. About 3 minutes.</source>
      <translation>暗証番号がわからなくても、できることをご案内します。約3分。</translation>
    </message>
    <message id="consent.title">
      <source>Before we read your card</source>
      <translation>カードを読み取る前に</translation>
    </message>
    <message id="consent.body">
      <source>For this service the kiosk reads and uses what is listed below. Nothing is kept on this kiosk after you finish, and your My Number is never read.</source>
      <translation>この手続きでは、下の情報を読み取って使います。終わったあと、この端末には何も残りません。マイナンバー（個人番号）は読み取りません。</translation>
    </message>
    <message id="consent.item.pin_status">
      <source>How many tries your PINs have left: so that no try is wasted.</source>
      <translation>暗証番号の残り回数：回数をむだにしないためです。</translation>
    </message>
    <message id="consent.item.card_front">
      <source>What is printed on your card (name, address, birth date, sex) and the photo in its chip: to check that the card is genuine.</source>
      <translation>カードに印字された事項（氏名・住所・生年月日・性別）とICチップの顔写真：カードが本物か確かめるためです。</translation>
    </message>
    <message id="consent.item.basic_four">
      <source>Your name, address, birth date and sex from the chip: for the application.</source>
      <translation>ICチップの氏名・住所・生年月日・性別：申請に使います。</translation>
    </message>
    <message id="consent.item.certificate_auth">
      <source>Your user-authentication certificate: to prove that the card is yours.</source>
      <translation>利用者証明用電子証明書：ご本人のカードであることを証明するためです。</translation>
    </message>
    <message id="consent.item.certificate_sign">
      <source>Your signature certificate: to prove that the card is yours.</source>
      <translation>署名用電子証明書：ご本人のカードであることを証明するためです。</translation>
    </message>
    <message id="consent.item.face">
      <source>Your face, with the camera: compared with the photo in your card; one picture is sent, encrypted, to the card-management service to confirm it.</source>
      <translation>カメラで写したお顔：カードの顔写真と照合します。照合のため、写真1枚を暗号化して管理システムに送ります。</translation>
    </message>
    <message id="consent.item.new_photo">
      <source>A new photo, with the camera: for your new card.</source>
      <translation>カメラで撮る新しい顔写真：新しいカードに使います。</translation>
    </message>
    <message id="consent.item.sent">
      <source>The request to reset the PIN is sent to the card-management service.</source>
      <translation>暗証番号の再設定の依頼を、カードの管理システムに送ります。</translation>
    </message>
    <message id="consent.item.application">
      <source>The application (your details, the new photo, how you collect the card) goes to your city office.</source>
      <translation>申請（ご本人の情報・新しい写真・受け取り方法）を市区町村に送ります。</translation>
    </message>
    <message id="consent.item.nothing_sent">
      <source>Nothing is sent anywhere: the kiosk only tells you what can be done.</source>
      <translation>どこにも送りません。できることをご案内するだけです。</translation>
    </message>
    <message id="action.agree">
      <source>I agree: continue</source>
      <translation>同意して進む</translation>
    </message>
    <message id="action.decline">
      <source>No, stop here</source>
      <translation>同意しない</translation>
    </message>
    <message id="consent.declined.title">
      <source>Nothing was read</source>
      <translation>何も読み取っていません</translation>
    </message>
    <message id="consent.declined.body">
      <source>You chose not to continue, so nothing was read from your card. Thank you for coming.</source>
      <translation>手続きをやめました。カードからは何も読み取っていません。ご来場ありがとうございました。</translation>
    </message>
    <message id="card_return.title">
      <source>Please take your card</source>
      <translation>カードをお取りください</translation>
    </message>
    <message id="card_return.body">
      <source>Your session has ended. Take your My Number Card from the reader now.</source>
      <translation>手続きは終わりました。読み取り機からマイナンバーカードをお取りください。</translation>
    </message>
    <message id="card_return.alert.title">
      <source>Your card is still in the reader</source>
      <translation>カードが読み取り機に残っています</translation>
    </message>
    <message id="card_return.alert.body">
      <source>Please take your My Number Card with you.</source>
      <translation>マイナンバーカードをお忘れなく、お持ち帰りください。</translation>
    </message>
    <message id="submit.title">
      <source>Send this application?</source>
      <translation>この内容で申請しますか？</translation>
    </message>
    <message id="submit.body">
      <source>This is everything that will be sent to your city office. Your My Number is not sent. Press Submit to send it, or Back to change how you receive the card.</source>
      <translation>市区町村に送る内容はこれですべてです。マイナンバー（個人番号）は送りません。送るときは「申請する」、受け取り方法を変えるときは「戻る」を押してください。</translation>
    </message>
    <message id="action.submit">
      <source>Submit</source>
      <translation>申請する</translation>
    </message>
    <message id="action.start_again">
      <source>Start again</source>
      <translation>もう一度はじめる</translation>
    </message>
    <message id="card.place.title">
      <source>Place your card</source>
      <translation>カードを置いてください</translation>
    </message>
    <message id="card.place.body">
      <source>Put your My Number Card on the reader, photo side up.</source>
      <translation>マイナンバーカードを、顔写真の面を上にして読み取り機に置いてください。</translation>
    </message>
    <message id="card.place.body.contact">
      <source>Insert your My Number Card into the slot, chip first.</source>
      <translation>マイナンバーカードを、ICチップの側から差し込み口に入れてください。</translation>
    </message>
    <message id="card.reading.title">
      <source>Reading your card</source>
      <translation>カードを読み取っています</translation>
    </message>
    <message id="card.reading.body">
      <source>Please do not remove the card.</source>
      <translation>カードを取らないでください。</translation>
    </message>
    <message id="card.keep.body">
      <source>Keep your card on the reader until the kiosk says you may take it.</source>
      <translation>終わりの案内が出るまで、カードを読み取り機に置いたままにしてください。</translation>
    </message>
    <message id="card.take.body">
      <source>You may now take your card.</source>
      <translation>カードをお取りください。</translation>
    </message>
    <message id="pin.auth.title">
      <source>Enter your 4-digit PIN</source>
      <translation>4桁の暗証番号を入力してください</translation>
    </message>
    <message id="pin.auth.body">
      <source>The PIN of the user-authentication certificate (利用者証明用).</source>
      <translation>利用者証明用電子証明書の暗証番号です。</translation>
    </message>
    <message id="pin.sign.title">
      <source>Enter your signature PIN</source>
      <translation>署名用の暗証番号を入力してください</translation>
    </message>
    <message id="pin.sign.body">
      <source>6 to 16 letters and digits (署名用電子証明書).</source>
      <translation>英字と数字で6～16文字です（署名用電子証明書）。</translation>
    </message>
    <message id="pin.wrong.body">
      <source>That PIN was wrong.</source>
      <translation>暗証番号が違います。</translation>
    </message>
    <message id="pin.last_try.title">
      <source>Last try</source>
      <translation>最後の1回です</translation>
    </message>
    <message id="pin.last_try.body">
      <source>If this PIN is wrong again it will be locked, and only the city office can unlock it.</source>
      <translation>ここで間違えると暗証番号がロックされ、市区町村の窓口でしか解除できません。</translation>
    </message>
    <message id="action.try_anyway">
      <source>I am sure, try it</source>
      <translation>覚えている番号を入力する</translation>
    </message>
    <message id="action.i_forgot">
      <source>I do not remember it</source>
      <translation>覚えていない</translation>
    </message>
    <message id="pin.new.title">
      <source>Choose a new PIN</source>
      <translation>新しい暗証番号を決めてください</translation>
    </message>
    <message id="pin.new.sign.body">
      <source>6 to 16 characters: capital letters A-Z and digits 0-9, at least one of each.</source>
      <translation>6～16文字です。英大文字（A～Z）と数字（0～9）をそれぞれ1つ以上使ってください。</translation>
    </message>
    <message id="pin.new.digits.body">
      <source>4 digits. It becomes the PIN of all three 4-digit PINs on your card.</source>
      <translation>数字4桁です。カードの3つの4桁暗証番号が、すべてこの番号になります。</translation>
    </message>
    <message id="pin.new.confirm.title">
      <source>Enter the new PIN again</source>
      <translation>新しい暗証番号をもう一度入力してください</translation>
    </message>
    <message id="pin.new.mismatch">
      <source>The two entries were different. Please choose the new PIN again.</source>
      <translation>1回目と2回目が違いました。新しい暗証番号をもう一度決めてください。</translation>
    </message>
    <message id="pin.weak.too_short">
      <source>Too short.</source>
      <translation>文字数が足りません。</translation>
    </message>
    <message id="pin.weak.needs_letter_and_digit">
      <source>Use at least one letter and one digit.</source>
      <translation>英字と数字をそれぞれ1つ以上使ってください。</translation>
    </message>
    <message id="pin.weak.repeated">
      <source>Do not use one character repeated.</source>
      <translation>同じ文字の繰り返しは使えません。</translation>
    </message>
    <message id="pin.weak.sequence">
      <source>Do not use a simple sequence such as 1234.</source>
      <translation>1234のような単純な並びは使えません。</translation>
    </message>
    <message id="pin.weak.birth_date">
      <source>Do not use your birth date.</source>
      <translation>生年月日は使えません。</translation>
    </message>
    <message id="pin.weak.security_code">
      <source>Do not use the security code printed on your card.</source>
      <translation>カードに印字されたセキュリティコードは使えません。</translation>
    </message>
    <message id="pin.weak.same_as_old">
      <source>Choose a PIN different from the one you had.</source>
      <translation>今までと違う暗証番号にしてください。</translation>
    </message>
    <message id="card_front.title">
      <source>Numbers printed on your card</source>
      <translation>カードに印字された番号</translation>
    </message>
    <message id="card_front.body">
      <source>Enter your birth date, the year your card expires and the 4-digit security code.</source>
      <translation>生年月日、カードの有効期限の年、4桁のセキュリティコードを入力してください。</translation>
    </message>
    <message id="card_front.scan">
      <source>Hold the front of the card up to the camera</source>
      <translation>カードの表面をカメラに向けてください</translation>
    </message>
    <message id="card_front.confirm">
      <source>Are these numbers correct?</source>
      <translation>この番号で合っていますか？</translation>
    </message>
    <message id="field.birth_date">
      <source>Birth date</source>
      <translation>生年月日</translation>
    </message>
    <message id="field.expiry_year">
      <source>Card valid until (year)</source>
      <translation>有効期限（年）</translation>
    </message>
    <message id="field.security_code">
      <source>Security code</source>
      <translation>セキュリティコード</translation>
    </message>
    <message id="action.scan">
      <source>Read with the camera</source>
      <translation>カメラで読み取る</translation>
    </message>
    <message id="action.type">
      <source>Type them</source>
      <translation>自分で入力する</translation>
    </message>
    <message id="card_front.calendar.body">
      <source>How is the birth date printed on your card? It is marked in the picture.</source>
      <translation>カードに印字された生年月日は、どの年号で書かれていますか？（図の印の部分です）</translation>
    </message>
    <message id="card_front.birth_date.era.body">
      <source>Type the year, month and day as printed, two digits each. Example: year 50, May 3 is 500503.</source>
      <translation>カードのとおりに、年・月・日を2桁ずつ入力してください。例：50年5月3日は 500503</translation>
    </message>
    <message id="card_front.birth_date.western.body">
      <source>Type the year (4 digits), then the month and day (2 digits each). Example: 3 May 1975 is 19750503.</source>
      <translation>年を4桁、月・日を2桁ずつ入力してください。例：1975年5月3日は 19750503</translation>
    </message>
    <message id="card_front.expiry_year.body">
      <source>Type the year your card is valid until (4 digits), as printed on the card.</source>
      <translation>カードの有効期限の「年」を4桁（西暦）で入力してください。</translation>
    </message>
    <message id="card_front.security_code.body">
      <source>Type the 4-digit security code printed on the front of your card.</source>
      <translation>カードの表面に印字された4桁のセキュリティコードを入力してください。</translation>
    </message>
    <message id="era.showa">
      <source>Shōwa (昭和)</source>
      <translation>昭和</translation>
    </message>
    <message id="era.heisei">
      <source>Heisei (平成)</source>
      <translation>平成</translation>
    </message>
    <message id="era.reiwa">
      <source>Reiwa (令和)</source>
      <translation>令和</translation>
    </message>
    <message id="era.taisho">
      <source>Taishō (大正)</source>
      <translation>大正</translation>
    </message>
    <message id="era.western">
      <source>Western year, such as 1990</source>
      <translation>西暦（1990年のような書き方）</translation>
    </message>
    <message id="face.title">
      <source>Look at the camera</source>
      <translation>カメラを見てください</translation>
    </message>
    <message id="face.body">
      <source>We compare your face with the photo stored in your card.</source>
      <translation>お顔とカードに記録された写真を照合します。</translation>
    </message>
    <message id="face.challenge.blink">
      <source>Blink twice</source>
      <translation>まばたきを2回してください</translation>
    </message>
    <message id="face.challenge.turn_left">
      <source>Turn your head slowly to the left</source>
      <translation>ゆっくり左を向いてください</translation>
    </message>
    <message id="face.challenge.turn_right">
      <source>Turn your head slowly to the right</source>
      <translation>ゆっくり右を向いてください</translation>
    </message>
    <message id="face.matching">
      <source>Checking...</source>
      <translation>確認しています…</translation>
    </message>
    <message id="face.hint.face_not_found">
      <source>We cannot see your face. Please face the camera.</source>
      <translation>お顔が見えません。カメラの方を向いてください。</translation>
    </message>
    <message id="face.hint.one_person_only">
      <source>Only one person in front of the camera, please.</source>
      <translation>カメラの前には1人だけでお願いします。</translation>
    </message>
    <message id="face.hint.person_behind">
      <source>Someone is standing close behind you. Please ask them to step back.</source>
      <translation>後ろに人がいます。少し離れていただくようお声がけください。</translation>
    </message>
    <message id="face.hint.move_closer">
      <source>Move a little closer.</source>
      <translation>もう少し近づいてください。</translation>
    </message>
    <message id="face.hint.move_back">
      <source>Move back a little.</source>
      <translation>少し離れてください。</translation>
    </message>
    <message id="face.hint.center_face">
      <source>Move so your face is in the middle of the frame.</source>
      <translation>お顔が枠の真ん中に来るように動いてください。</translation>
    </message>
    <message id="face.hint.look_straight">
      <source>Look straight at the camera.</source>
      <translation>カメラをまっすぐ見てください。</translation>
    </message>
    <message id="face.hint.level_chin">
      <source>Keep your chin level.</source>
      <translation>あごを引きすぎたり上げすぎたりしないでください。</translation>
    </message>
    <message id="face.hint.straighten_head">
      <source>Hold your head straight, not tilted.</source>
      <translation>首を傾けず、まっすぐにしてください。</translation>
    </message>
    <message id="face.hint.open_eyes">
      <source>Keep your eyes open.</source>
      <translation>目を開けてください。</translation>
    </message>
    <message id="face.hint.close_mouth">
      <source>Close your mouth, with a neutral face.</source>
      <translation>口を閉じてください。</translation>
    </message>
    <message id="face.hint.hold_still">
      <source>Hold still.</source>
      <translation>動かないでください。</translation>
    </message>
    <message id="face.hint.more_light">
      <source>It is too dark. Face the light.</source>
      <translation>暗すぎます。明るい方を向いてください。</translation>
    </message>
    <message id="face.hint.less_light">
      <source>It is too bright.</source>
      <translation>明るすぎます。</translation>
    </message>
    <message id="face.hint.even_light">
      <source>There is a shadow on your face.</source>
      <translation>お顔に影がかかっています。</translation>
    </message>
    <message id="face.hint.plain_background">
      <source>Stand in front of the plain panel.</source>
      <translation>無地の壁の前に立ってください。</translation>
    </message>
    <message id="face.hint.remove_hat">
      <source>Please take off your hat.</source>
      <translation>帽子をお取りください。</translation>
    </message>
    <message id="photo.title">
      <source>Photo for your new card</source>
      <translation>新しいカードの写真</translation>
    </message>
    <message id="photo.body">
      <source>Face the camera, no hat, plain background.</source>
      <translation>カメラの方を向いてください。帽子は取り、無地の背景で撮ります。</translation>
    </message>
    <message id="photo.review.title">
      <source>Is this photo all right?</source>
      <translation>この写真でよろしいですか？</translation>
    </message>
    <message id="action.retake">
      <source>Take again</source>
      <translation>撮り直す</translation>
    </message>
    <message id="action.accept">
      <source>Use this photo</source>
      <translation>この写真を使う</translation>
    </message>
    <message id="action.take_photo">
      <source>Take the photo now</source>
      <translation>いま撮影する</translation>
    </message>
    <message id="photo.review.body">
      <source>This is the photo as it will be sent for your new card. Every rule is met.</source>
      <translation>新しいカードの申請に使う写真です。すべての条件を満たしています。</translation>
    </message>
    <message id="photo.review.failed">
      <source>This photo cannot be used: a rule marked ⚠ is not met. Please take it again.</source>
      <translation>この写真は使えません。⚠の条件を満たしていません。撮り直してください。</translation>
    </message>
    <message id="photo.rule.one_face">
      <source>Only you in the picture</source>
      <translation>写っているのはご本人お一人</translation>
    </message>
    <message id="photo.rule.framing">
      <source>Face the right size, in the middle</source>
      <translation>顔の大きさと位置が適切</translation>
    </message>
    <message id="photo.rule.facing">
      <source>Facing the front, head straight</source>
      <translation>正面を向き、頭がまっすぐ</translation>
    </message>
    <message id="photo.rule.eyes">
      <source>Eyes open</source>
      <translation>目が開いている</translation>
    </message>
    <message id="photo.rule.mouth">
      <source>Mouth closed, natural expression</source>
      <translation>口を閉じ、自然な表情</translation>
    </message>
    <message id="photo.rule.sharp">
      <source>Sharp, not blurred</source>
      <translation>ぶれていない</translation>
    </message>
    <message id="photo.rule.light">
      <source>Even light, no shadow on the face</source>
      <translation>明るさが適切で、顔に影がない</translation>
    </message>
    <message id="photo.rule.background">
      <source>Plain background</source>
      <translation>背景が無地</translation>
    </message>
    <message id="confirm.title">
      <source>Check your details</source>
      <translation>内容を確認してください</translation>
    </message>
    <message id="confirm.body">
      <source>These come from your card. If something is wrong, please go to the city office.</source>
      <translation>カードから読み取った内容です。誤りがあるときは、市区町村の窓口へお越しください。</translation>
    </message>
    <message id="field.name">
      <source>Name</source>
      <translation>氏名</translation>
    </message>
    <message id="field.address">
      <source>Address</source>
      <translation>住所</translation>
    </message>
    <message id="field.sex">
      <source>Sex</source>
      <translation>性別</translation>
    </message>
    <message id="field.card_expiry">
      <source>Card valid until</source>
      <translation>有効期限</translation>
    </message>
    <message id="field.former_surname">
      <source>Former surname (旧氏)</source>
      <translation>旧氏</translation>
    </message>
    <message id="delivery.title">
      <source>How will you receive your new card?</source>
      <translation>新しいカードの受け取り方法を選んでください</translation>
    </message>
    <message id="delivery.counter">
      <source>Pick it up at the city office</source>
      <translation>市区町村の窓口で受け取る</translation>
    </message>
    <message id="delivery.counter.body">
      <source>Choose a day. Bring this card and the notice we will send you.</source>
      <translation>日時を選んでください。このカードと、後日届くお知らせをお持ちください。</translation>
    </message>
    <message id="delivery.mail">
      <source>By restricted-delivery mail (本人限定受取郵便)</source>
      <translation>本人限定受取郵便で受け取る</translation>
    </message>
    <message id="delivery.mail.body">
      <source>Only because a city official checked your identity today.</source>
      <translation>本日、職員が本人確認をしたため選べます。</translation>
    </message>
    <message id="delivery.slot">
      <source>{date} {time}</source>
      <translation>{date} {time}</translation>
    </message>
    <message id="delivery.later">
      <source>Time arranged later</source>
      <translation>日時は後日連絡</translation>
    </message>
    <message id="delivery.later.body">
      <source>No pick-up time can be booked here right now. The city office will contact you to book one.</source>
      <translation>いまはここで受取日時を予約できません。市区町村から日時のご連絡をします。</translation>
    </message>
    <message id="renewal.done.title">
      <source>Your application was received</source>
      <translation>申請を受け付けました</translation>
    </message>
    <message id="renewal.done.body">
      <source>A notice to collect your card arrives in about 1.5 months. Bring this card and the notice; you will set your PINs at the counter.</source>
      <translation>交付のお知らせが約1か月半後に届きます。このカードとお知らせをお持ちください。暗証番号は窓口で設定します。</translation>
    </message>
    <message id="renewal.done.mail.body">
      <source>Your new card will be mailed to you by restricted-delivery mail.</source>
      <translation>新しいカードは本人限定受取郵便でお届けします。</translation>
    </message>
    <message id="renewal.queued.title">
      <source>Saved on this kiosk: not sent yet</source>
      <translation>この端末に保存しました（まだ送っていません）</translation>
    </message>
    <message id="renewal.done.contact.body">
      <source>No pick-up time is booked yet (the time you chose may just have been taken): the city office will contact you to book one.</source>
      <translation>受取日時はまだ予約されていません（選んだ日時が直前に埋まった可能性があります）。市区町村から日時のご連絡をします。</translation>
    </message>
    <message id="renewal.queued.body">
      <source>Your application has not reached the city office yet. The kiosk will send it by itself when the network is back. Keep the kiosk reference below; the city office can look it up.</source>
      <translation>申請はまだ市区町村に届いていません。通信が戻りしだい、端末が自動で送ります。下の端末受付番号を控えてください。市区町村の窓口で確認できます。</translation>
    </message>
    <message id="reset.done.title">
      <source>Your PIN has been reset</source>
      <translation>暗証番号を再設定しました</translation>
    </message>
    <message id="reset.done.body">
      <source>Use your new PIN from now on. Keep the reference number below in case you need to ask.</source>
      <translation>これからは新しい暗証番号をお使いください。お問い合わせのときのため、下の受付番号を控えてください。</translation>
    </message>
    <message id="reset.unconfirmed.title">
      <source>Your card may already have the new PIN</source>
      <translation>新しい暗証番号がすでに設定されている可能性があります</translation>
    </message>
    <message id="reset.unconfirmed.body">
      <source>The card received the new PIN, but the service could not confirm it yet; the kiosk will send the confirmation by itself. Use the NEW PIN first. If the card refuses it, your old PIN still works. A refused try is counted, so try each PIN only once; to check without risk, ask at the city office.</source>
      <translation>カードは新しい暗証番号を受け取りましたが、まだサービスで確認できていません。確認はこの端末が自動で送信します。まず新しい暗証番号をお使いください。受け付けられない場合は、これまでの暗証番号が使えます。間違えた回数は数えられるため、それぞれ一度だけお試しください。確実に確かめるには市区町村の窓口におたずねください。</translation>
    </message>
    <message id="receipt.print">
      <source>Print a receipt</source>
      <translation>控えを印刷する</translation>
    </message>
    <message id="action.finish">
      <source>Finish</source>
      <translation>終わる</translation>
    </message>
    <message id="action.cancel">
      <source>Cancel</source>
      <translation>やめる</translation>
    </message>
    <message id="action.back">
      <source>Back</source>
      <translation>戻る</translation>
    </message>
    <message id="action.next">
      <source>Next</source>
      <translation>次へ</translation>
    </message>
    <message id="action.ok">
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message id="action.retry">
      <source>Try again</source>
      <translation>もう一度</translation>
    </message>
    <message id="action.continue">
      <source>Continue</source>
      <translation>続ける</translation>
    </message>
    <message id="action.still_here">
      <source>I am still here</source>
      <translation>続けます</translation>
    </message>
    <message id="idle.title">
      <source>Are you still there?</source>
      <translation>操作を続けますか？</translation>
    </message>
    <message id="idle.body">
      <source>This session ends in {seconds} seconds to protect your data.</source>
      <translation>個人情報を守るため、あと{seconds}秒で終了します。</translation>
    </message>
    <message id="working.title">
      <source>Please wait</source>
      <translation>お待ちください</translation>
    </message>
    <message id="working.backend">
      <source>Contacting the service...</source>
      <translation>通信しています…</translation>
    </message>
    <message id="working.card">
      <source>Writing to your card. Do not remove it.</source>
      <translation>カードに書き込んでいます。カードを取らないでください。</translation>
    </message>
    <message id="info.locked_out.title">
      <source>What we can do today</source>
      <translation>この端末でできること</translation>
    </message>
    <message id="info.locked_out.body">
      <source>Your card is genuine and readable, but without a PIN this kiosk cannot reset PINs. Please go to your city office with this card: no other ID is needed.</source>
      <translation>カードは本物で読み取れましたが、暗証番号がないとこの端末では再設定できません。このカードを持って市区町村の窓口へお越しください。ほかの本人確認書類は要りません。</translation>
    </message>
    <message id="info.auth_blocked.body">
      <source>Your 4-digit PIN is locked. Only the city office can unlock it. Bring this card; no other ID is needed.</source>
      <translation>4桁の暗証番号がロックされています。解除は市区町村の窓口でのみできます。このカードをお持ちください。ほかの本人確認書類は要りません。</translation>
    </message>
    <message id="info.sign_blocked.body">
      <source>Your signature PIN is locked. You can reset it here with your 4-digit PIN.</source>
      <translation>署名用の暗証番号がロックされています。4桁の暗証番号があれば、ここで再設定できます。</translation>
    </message>
    <message id="info.sign_blocked_for_reset.body">
      <source>Your signature PIN is locked, and the 4-digit PINs can be reset here only with it. Please go to the city office with this card; no other ID is needed.</source>
      <translation>署名用の暗証番号がロックされています。4桁の暗証番号の再設定には署名用の暗証番号が必要なため、ここではできません。このカードを持って市区町村の窓口へお越しください。ほかの本人確認書類はいりません。</translation>
    </message>
    <message id="info.service_unavailable">
      <source>This service is not offered at this kiosk. Please ask at the city office.</source>
      <translation>この手続きはこの端末では行っていません。市区町村の窓口でお尋ねください。</translation>
    </message>
    <message id="info.pin_b_last_try.body">
      <source>Nothing was sent and no try was used. Check the numbers on your card, or bring it to the city office.</source>
      <translation>何も送信しておらず、回数は減っていません。カードに記載の番号をご確認いただくか、カードを市区町村の窓口にお持ちください。</translation>
    </message>
    <message id="info.no_sign_certificate">
      <source>Your card has no signature certificate (issued before age 15).</source>
      <translation>このカードには署名用電子証明書がありません（15歳未満で発行されたカード）。</translation>
    </message>
    <message id="info.card_ap_not_offered">
      <source>Your card is genuine, but your city does not take renewals at a kiosk without the 4-digit PIN. Please apply at the city office with this card.</source>
      <translation>カードは本物と確認できましたが、お住まいの市区町村では、暗証番号（4桁）なしの端末での更新申請を受け付けていません。このカードを持って市区町村の窓口で申請してください。</translation>
    </message>
    <message id="info.offline_needs_service">
      <source>The service cannot be reached. Without it, this kiosk can check your card only with a valid electronic certificate and its 4-digit PIN. Please try again later, or apply at the city office.</source>
      <translation>ただいまサービスに接続できません。接続できない間は、有効な電子証明書と暗証番号（4桁）でしかカードを確認できません。時間をおいてもう一度お試しいただくか、市区町村の窓口で申請してください。</translation>
    </message>
    <message id="eligibility.not_yet.title">
      <source>It is too early to renew your card</source>
      <translation>カードの更新はまだできません</translation>
    </message>
    <message id="eligibility.not_yet.body">
      <source>Your card is valid until {card_expiry}. You can apply to renew it from {window_opens}; a notice will be sent to you. Nothing was sent today.</source>
      <translation>このカードの有効期限は{card_expiry}です。更新の申請は{window_opens}からできます。その頃にお知らせが届きます。今日は何も送信していません。</translation>
    </message>
    <message id="eligibility.certificates_only.title">
      <source>Only your electronic certificates have expired</source>
      <translation>有効期限が切れたのは電子証明書だけです</translation>
    </message>
    <message id="eligibility.certificates_only.body">
      <source>Your card is valid until {card_expiry}, so it does not need renewing yet (renewal opens on {window_opens}). The electronic certificates on it have expired: please renew them at the city office with this card. Nothing was sent today.</source>
      <translation>カードは{card_expiry}まで有効なので、まだ更新の必要はありません（更新の申請は{window_opens}から）。カードの電子証明書の有効期限が切れています。このカードを持って市区町村の窓口で電子証明書を更新してください。今日は何も送信していません。</translation>
    </message>
    <message id="eligibility.residence.title">
      <source>Your card follows your period of stay</source>
      <translation>カードの有効期限は在留期間と同じです</translation>
    </message>
    <message id="eligibility.residence.body">
      <source>Your card is valid until {card_expiry}, the end of your period of stay. After your stay is extended, the city office updates the card's validity: please go there with this card and your residence card.</source>
      <translation>このカードの有効期限は在留期間の満了日の{card_expiry}です。在留期間を更新したあと、市区町村の窓口でカードの有効期限を変更します。このカードと在留カードを持って窓口へお越しください。</translation>
    </message>
    <message id="certificate_expired.title">
      <source>Your electronic certificate has expired</source>
      <translation>電子証明書の有効期限が切れています</translation>
    </message>
    <message id="certificate_expired.signature.body">
      <source>The signature certificate on your card expired on {expired_on}, so its PIN has nothing left to unlock. Please get a new certificate at the city office with this card; you will choose a new PIN there. Nothing was sent to your card.</source>
      <translation>カードの署名用電子証明書は{expired_on}に有効期限が切れたため、暗証番号を初期化しても使えるものがありません。このカードを持って市区町村の窓口で新しい電子証明書を発行してもらってください。暗証番号はそこで新しく設定します。カードには何も送信していません。</translation>
    </message>
    <message id="certificate_expired.authentication.body">
      <source>The user-authentication certificate on your card expired on {expired_on}, so the 4-digit PINs cannot be reset into use here. Please get new certificates at the city office with this card. Nothing was sent to your card.</source>
      <translation>カードの利用者証明用電子証明書は{expired_on}に有効期限が切れたため、この端末では暗証番号（4桁）を初期化できません。このカードを持って市区町村の窓口で新しい電子証明書を発行してもらってください。カードには何も送信していません。</translation>
    </message>
    <message id="staff.login.title">
      <source>Staff login</source>
      <translation>職員ログイン</translation>
    </message>
    <message id="staff.login.user">
      <source>Staff ID</source>
      <translation>職員ID</translation>
    </message>
    <message id="staff.login.password">
      <source>Password</source>
      <translation>パスワード</translation>
    </message>
    <message id="staff.home.title">
      <source>Pop-up session</source>
      <translation>出張受付</translation>
    </message>
    <message id="staff.queue">
      <source>{pending} applications waiting to be sent</source>
      <translation>送信待ちの申請：{pending}件</translation>
    </message>
    <message id="staff.synced">
      <source>All applications have been sent</source>
      <translation>すべての申請を送信しました</translation>
    </message>
    <message id="staff.offline">
      <source>Offline: applications are kept safely and sent later</source>
      <translation>オフラインです。申請は安全に保存し、後で送信します</translation>
    </message>
    <message id="staff.sync_refused">
      <source>The service refused an application: it stays in the queue; see the end-of-day report.</source>
      <translation>サービスが受け付けなかった申請があります。申請は送信待ちのまま残っています。本日の集計をご覧ください。</translation>
    </message>
    <message id="staff.sync_failed">
      <source>Sending did not finish: applications stay in the queue and are sent later.</source>
      <translation>送信が終わりませんでした。申請は送信待ちのまま残り、後で送信します。</translation>
    </message>
    <message id="staff.report.title">
      <source>End-of-day report</source>
      <translation>本日の集計</translation>
    </message>
    <message id="action.start_resident">
      <source>Help a resident</source>
      <translation>住民の手続きを始める</translation>
    </message>
    <message id="action.sync">
      <source>Send now</source>
      <translation>今すぐ送信</translation>
    </message>
    <message id="action.report">
      <source>End-of-day report</source>
      <translation>本日の集計</translation>
    </message>
    <message id="action.logout">
      <source>Log out</source>
      <translation>ログアウト</translation>
    </message>
    <message id="error.wrong_pin.title">
      <source>The PIN was wrong</source>
      <translation>暗証番号が違います</translation>
    </message>
    <message id="error.wrong_pin.body">
      <source>Check the number and enter it again.</source>
      <translation>番号をお確かめのうえ、入力してください。</translation>
    </message>
    <message id="error.pin_format.title">
      <source>Check the PIN</source>
      <translation>暗証番号をお確かめください</translation>
    </message>
    <message id="error.pin_format.body">
      <source>It has the wrong number or kind of characters. Nothing was sent to the card.</source>
      <translation>文字数か文字の種類が違います。カードには何も送っていません。</translation>
    </message>
    <message id="error.pin_b_wrong.title">
      <source>Those numbers did not match the card</source>
      <translation>入力した番号がカードと一致しませんでした</translation>
    </message>
    <message id="error.pin_b_wrong.body">
      <source>Check the numbers printed on the card.</source>
      <translation>カードに印字された番号をお確かめください。</translation>
    </message>
    <message id="error.birth_date_invalid.title">
      <source>There is no such date</source>
      <translation>その日付はありません</translation>
    </message>
    <message id="error.birth_date_invalid.body">
      <source>That day does not exist in the calendar you chose. Check the birth date printed on your card.</source>
      <translation>選んだ年号には、その日付がありません。カードに印字された生年月日をお確かめください。</translation>
    </message>
    <message id="error.cancelled.title">
      <source>Cancelled</source>
      <translation>中止しました</translation>
    </message>
    <message id="error.cancelled.body">
      <source>Nothing was changed.</source>
      <translation>何も変更していません。</translation>
    </message>
    <message id="error.pin_blocked.title">
      <source>This PIN is locked</source>
      <translation>この暗証番号はロックされています</translation>
    </message>
    <message id="error.pin_blocked.body">
      <source>Only the city office can unlock it. Bring this card; no other ID is needed.</source>
      <translation>解除は市区町村の窓口でのみできます。このカードをお持ちください。ほかの本人確認書類は要りません。</translation>
    </message>
    <message id="error.card_front_blocked.title">
      <source>The numbers printed on your card are locked</source>
      <translation>カードに印字された番号がロックされています</translation>
    </message>
    <message id="error.card_front_blocked.body">
      <source>They were entered wrongly too many times (birth date, expiry year, security code). Only the city office can unlock them. Bring this card; no other ID is needed.</source>
      <translation>生年月日・有効期限の年・セキュリティコードの入力を何度もまちがえたためです。ロックの解除は市区町村の窓口でのみできます。このカードをお持ちください。ほかの本人確認書類はいりません。</translation>
    </message>
    <message id="error.card_removed.title">
      <source>The card was removed</source>
      <translation>カードが取り出されました</translation>
    </message>
    <message id="error.card_removed.body">
      <source>Nothing was changed. Start again when you are ready.</source>
      <translation>何も変更していません。準備ができたら、もう一度始めてください。</translation>
    </message>
    <message id="error.pin_not_sent.title">
      <source>Your PIN was not sent</source>
      <translation>暗証番号は送信していません</translation>
    </message>
    <message id="error.pin_not_sent.body">
      <source>The card changed after we showed its tries left. No try was used. Start again with your own card.</source>
      <translation>残り回数をお見せした後にカードが変わりました。回数は減っていません。ご自分のカードで最初からやり直してください。</translation>
    </message>
    <message id="error.card_unreadable.title">
      <source>We cannot read this card</source>
      <translation>カードを読み取れません</translation>
    </message>
    <message id="error.card_unreadable.body">
      <source>Check that it is a My Number Card and place it again.</source>
      <translation>マイナンバーカードかどうか確かめて、もう一度置いてください。</translation>
    </message>
    <message id="error.card_timeout.title">
      <source>The card did not answer in time</source>
      <translation>カードの応答がありませんでした</translation>
    </message>
    <message id="error.card_timeout.body">
      <source>Nothing was changed. Take the card out, place it again and hold it still.</source>
      <translation>何も変更していません。カードを取り出し、もう一度置いて動かさずにお待ちください。</translation>
    </message>
    <message id="error.reader_down.title">
      <source>The card reader is not working</source>
      <translation>カードリーダーが動作していません</translation>
    </message>
    <message id="error.reader_down.body">
      <source>Nothing was changed. Please take your card and press Help for the helpline.</source>
      <translation>何も変更していません。カードをお取りになり、「ヘルプ」を押して問い合わせ先をご覧ください。</translation>
    </message>
    <message id="error.not_genuine.title">
      <source>This card could not be verified</source>
      <translation>このカードを確認できませんでした</translation>
    </message>
    <message id="error.not_genuine.body">
      <source>Please take the card to the city office. The kiosk cannot help with this card.</source>
      <translation>このカードを市区町村の窓口へお持ちください。この端末ではお手伝いできません。</translation>
    </message>
    <message id="error.card_invalid.title">
      <source>This card is no longer valid</source>
      <translation>このカードは有効期限が切れているか、使えません</translation>
    </message>
    <message id="error.card_invalid.body">
      <source>Please ask at the city office.</source>
      <translation>市区町村の窓口でお尋ねください。</translation>
    </message>
    <message id="error.card_session_expired.title">
      <source>The time for this service ran out</source>
      <translation>手続きの時間が過ぎました</translation>
    </message>
    <message id="error.card_session_expired.body">
      <source>Nothing was sent. Please start again from the beginning with your card.</source>
      <translation>何も送信していません。カードを使って、最初からやり直してください。</translation>
    </message>
    <message id="error.face_mismatch.title">
      <source>Your face did not match the card photo</source>
      <translation>お顔とカードの写真が一致しませんでした</translation>
    </message>
    <message id="error.face_mismatch.body">
      <source>Look straight at the camera with your whole face inside the oval, glasses and mask off, and try again.</source>
      <translation>お顔全体を枠に入れ、眼鏡とマスクをはずして、カメラをまっすぐ見てもう一度お試しください。</translation>
    </message>
    <message id="error.face_mismatch_final.title">
      <source>We could not confirm it is you</source>
      <translation>ご本人であることを確認できませんでした</translation>
    </message>
    <message id="error.face_mismatch_final.body">
      <source>Please go to the city office with this card.</source>
      <translation>このカードを持って市区町村の窓口へお越しください。</translation>
    </message>
    <message id="error.camera_untrusted.title">
      <source>The camera cannot be used now</source>
      <translation>いまはカメラを使えません</translation>
    </message>
    <message id="error.camera_untrusted.body">
      <source>Nothing was sent. Please apply at the city office; the kiosk's technician has been told.</source>
      <translation>何も送信していません。市区町村の窓口でお手続きください。端末の管理者には連絡済みです。</translation>
    </message>
    <message id="error.camera_down.title">
      <source>The camera is out of order</source>
      <translation>カメラが故障しています</translation>
    </message>
    <message id="error.camera_down.body">
      <source>Nothing was changed or sent. Please take your card; another kiosk or the city office can help you. The kiosk's technician has been told.</source>
      <translation>何も変更・送信していません。カードをお取りください。ほかの端末か、市区町村の窓口でお手続きいただけます。端末の管理者には連絡済みです。</translation>
    </message>
    <message id="error.liveness_failed.title">
      <source>We could not confirm a live person</source>
      <translation>本人の確認ができませんでした</translation>
    </message>
    <message id="error.liveness_failed.body">
      <source>Please try again and follow the instructions.</source>
      <translation>画面の案内に従って、もう一度お試しください。</translation>
    </message>
    <message id="error.liveness_timeout.title">
      <source>The movement was not finished in time</source>
      <translation>時間内に動作が終わりませんでした</translation>
    </message>
    <message id="error.liveness_timeout.body">
      <source>Keep your face inside the oval and make the movement shown, slowly, as soon as it appears. Try again.</source>
      <translation>お顔を枠に入れたまま、表示された動作を、表示されたらすぐにゆっくり行ってください。もう一度お試しください。</translation>
    </message>
    <message id="error.liveness_no_motion.title">
      <source>We could not see the movement</source>
      <translation>動作が確認できませんでした</translation>
    </message>
    <message id="error.liveness_no_motion.body">
      <source>Make the movement shown on the screen (a blink, or a slow turn of the head) with your face inside the oval.</source>
      <translation>お顔を枠に入れたまま、画面に表示された動作（まばたき、またはゆっくり首を回す）を行ってください。</translation>
    </message>
    <message id="error.photo_quality.title">
      <source>The photo cannot be used</source>
      <translation>この写真は使えません</translation>
    </message>
    <message id="error.photo_quality.body">
      <source>Please follow the hints and take it again.</source>
      <translation>案内に従って、もう一度撮影してください。</translation>
    </message>
    <message id="error.photo_not_same_person.title">
      <source>The photo does not show the person who was checked</source>
      <translation>写真が、確認したご本人と一致しません</translation>
    </message>
    <message id="error.photo_not_same_person.body">
      <source>The new photo must be of the card holder, taken in this session. Nothing was sent. Please apply at the city office with this card.</source>
      <translation>新しいカードの写真は、この手続きで確認したカードの名義人ご本人を撮影したものに限ります。申請は送信していません。このカードを持って市区町村の窓口で申請してください。</translation>
    </message>
    <message id="error.backend_down.title">
      <source>The service cannot be reached</source>
      <translation>サービスにつながりません</translation>
    </message>
    <message id="error.backend_down.body">
      <source>Nothing was changed. Please try again later.</source>
      <translation>何も変更していません。しばらくしてから、もう一度お試しください。</translation>
    </message>
    <message id="error.backend_refused.title">
      <source>The request was not accepted</source>
      <translation>受け付けられませんでした</translation>
    </message>
    <message id="error.backend_refused.body">
      <source>Please ask at the city office, with the error code below.</source>
      <translation>下のエラーコードを添えて、市区町村の窓口でお尋ねください。</translation>
    </message>
    <message id="error.timeout.title">
      <source>Session ended</source>
      <translation>手続きを終了しました</translation>
    </message>
    <message id="error.timeout.body">
      <source>It ended because nothing happened for a while. Your data has been erased.</source>
      <translation>しばらく操作がなかったため終了しました。入力された情報は消去しました。</translation>
    </message>
    <message id="error.internal.title">
      <source>Something went wrong</source>
      <translation>問題が発生しました</translation>
    </message>
    <message id="error.internal.body">
      <source>Nothing was changed. Please press Help for the helpline.</source>
      <translation>何も変更していません。「ヘルプ」を押して問い合わせ先をご覧ください。</translation>
    </message>
    <message id="ui.tries_left">
      <source>Tries left: {tries_left}</source>
      <translation>残り{tries_left}回</translation>
    </message>
    <message id="ui.tries_left.warn">
      <source>{tries_left} more wrong tries will lock this PIN</source>
      <translation>あと{tries_left}回まちがえるとロックされます</translation>
    </message>
    <message id="ui.tries_left.last">
      <source>Last try: a wrong PIN locks it</source>
      <translation>最後の1回です。まちがえるとロックされます</translation>
    </message>
    <message id="ui.step">
      <source>Step {step} of {total}</source>
      <translation>手順 {step} / {total}</translation>
    </message>
    <message id="ui.large_text">
      <source>Larger text</source>
      <translation>文字を大きく</translation>
    </message>
    <message id="ui.high_contrast">
      <source>High contrast</source>
      <translation>黒地で見やすく</translation>
    </message>
    <message id="ui.voice_guide">
      <source>Voice guide</source>
      <translation>音声案内</translation>
    </message>
    <message id="ui.volume">
      <source>Volume {level}</source>
      <translation>音量 {level}</translation>
    </message>
    <message id="ui.volume.down">
      <source>Volume down</source>
      <translation>音量を下げる</translation>
    </message>
    <message id="ui.volume.up">
      <source>Volume up</source>
      <translation>音量を上げる</translation>
    </message>
    <message id="ui.entry.ok">
      <source>OK</source>
      <translation>決定</translation>
    </message>
    <message id="ui.entry.delete">
      <source>Delete</source>
      <translation>1文字消す</translation>
    </message>
    <message id="ui.entry.clear">
      <source>Clear</source>
      <translation>全部消す</translation>
    </message>
    <message id="ui.entry.count">
      <source>{count} characters entered</source>
      <translation>{count}文字入力しました</translation>
    </message>
    <message id="ui.entry.hidden">
      <source>Hidden so no one can read it</source>
      <translation>のぞき見防止のため表示しません</translation>
    </message>
    <message id="ui.entry.shift_hint">
      <source>Capital letters A-Z and digits 0-9</source>
      <translation>英大文字A～Zと数字0～9</translation>
    </message>
    <message id="ui.keep_card">
      <source>Do not remove the card</source>
      <translation>カードを取らないでください</translation>
    </message>
    <message id="ui.camera.guide">
      <source>Put your face inside the oval</source>
      <translation>お顔を楕円の中に合わせてください</translation>
    </message>
    <message id="ui.camera.photo_guide">
      <source>Your head inside the oval: the frame is the photo</source>
      <translation>頭を楕円に合わせてください。枠の中が写真になります</translation>
    </message>
    <message id="ui.camera.off">
      <source>Camera is starting</source>
      <translation>カメラを準備しています</translation>
    </message>
    <message id="ui.countdown">
      <source>{seconds} s</source>
      <translation>{seconds}秒</translation>
    </message>
    <message id="ui.sex.1">
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message id="ui.sex.2">
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message id="ui.sex.9">
      <source>Not stated</source>
      <translation>記載なし</translation>
    </message>
    <message id="ui.field.birth_date">
      <source>Birth date</source>
      <translation>生年月日</translation>
    </message>
    <message id="ui.progress">
      <source>{percent}% done</source>
      <translation>{percent}%完了</translation>
    </message>
    <message id="ui.staff.report.queue_pending">
      <source>Waiting to be sent</source>
      <translation>送信待ち</translation>
    </message>
    <message id="ui.staff.report.queue_delivered">
      <source>Sent</source>
      <translation>送信済み</translation>
    </message>
    <message id="ui.staff.report.queue_refused">
      <source>Refused by the service</source>
      <translation>受け付けられなかった申請</translation>
    </message>
    <message id="ui.staff.report.sessions_total">
      <source>Residents helped</source>
      <translation>手続きした住民</translation>
    </message>
    <message id="ui.staff.report.sessions_renewal_submitted">
      <source>Applications accepted</source>
      <translation>受け付けた申請</translation>
    </message>
    <message id="ui.staff.report.sessions_renewal_queued">
      <source>Applications saved to send later</source>
      <translation>保存して後で送る申請</translation>
    </message>
    <message id="ui.staff.report.sessions_cancelled">
      <source>Stopped by the resident</source>
      <translation>住民が中止</translation>
    </message>
    <message id="ui.staff.report.sessions_timeout">
      <source>Ended for inactivity</source>
      <translation>操作がなく終了</translation>
    </message>
    <message id="ui.staff.report.sessions_card_removed">
      <source>Card removed</source>
      <translation>カードが取り出された</translation>
    </message>
    <message id="ui.staff.report.sessions_face_refused">
      <source>Face not confirmed</source>
      <translation>本人確認できず</translation>
    </message>
    <message id="ui.staff.report.sessions_not_genuine">
      <source>Card not verified</source>
      <translation>カードを確認できず</translation>
    </message>
    <message id="ui.staff.report.sessions_backend_refused">
      <source>Refused by the service</source>
      <translation>サービスが受け付けず</translation>
    </message>
    <message id="ui.staff.report.backend_offline">
      <source>Service figures unavailable (offline)</source>
      <translation>サービス側の集計は取得できません（オフライン）</translation>
    </message>
    <message id="ui.staff.report.backend_renewals_received">
      <source>Applications the service received today</source>
      <translation>サービスが本日受け付けた申請</translation>
    </message>
    <message id="ui.staff.report.backend_pin_resets_confirmed">
      <source>PIN resets the service confirmed today</source>
      <translation>サービスが本日確認した暗証番号の再設定</translation>
    </message>
    <message id="ui.staff.report.backend_other_events">
      <source>Other events the service counted today</source>
      <translation>サービスが本日記録したその他の件数</translation>
    </message>
    <message id="ui.receipt.saved">
      <source>Receipt printed. Please take it.</source>
      <translation>控えを印刷しました。お取りください。</translation>
    </message>
    <message id="ui.receipt.unavailable">
      <source>This kiosk has no printer. Please note the number on the screen.</source>
      <translation>この端末には印刷機がありません。画面の番号をお控えください。</translation>
    </message>
    <message id="ui.receipt.failed">
      <source>The receipt could not be printed. Please note the number on the screen.</source>
      <translation>控えを印刷できませんでした。画面の番号をお控えください。</translation>
    </message>
    <message id="ui.service_named">
      <source>Service: {service}</source>
      <translation>手続き：{service}</translation>
    </message>
    <message id="ui.receipt.reference">
      <source>Reference number</source>
      <translation>受付番号</translation>
    </message>
    <message id="ui.receipt.application_number">
      <source>Application number</source>
      <translation>申請番号</translation>
    </message>
    <message id="ui.receipt.no_printer">
      <source>The printer is not available. Please note the number on the screen.</source>
      <translation>印刷機が使えません。画面の番号をお控えください。</translation>
    </message>
    <message id="ui.receipt.out_of_paper">
      <source>The printer is out of paper. Please note the number on the screen.</source>
      <translation>印刷機の用紙が切れています。画面の番号をお控えください。</translation>
    </message>
    <message id="ui.receipt.printer_stopped">
      <source>The printer is stopped. Please note the number on the screen.</source>
      <translation>印刷機が止まっています。画面の番号をお控えください。</translation>
    </message>
    <message id="ui.entry.date.era">
      <source>{era} {year} / {month} / {day}</source>
      <translation>{era}{year}年{month}月{day}日</translation>
    </message>
    <message id="ui.entry.date.western">
      <source>{year} / {month} / {day}</source>
      <translation>{year}年{month}月{day}日</translation>
    </message>
    <message id="ui.card.birth_date">
      <source>Birth date</source>
      <translation>生年月日</translation>
    </message>
    <message id="ui.card.expiry_year">
      <source>Valid until (year)</source>
      <translation>有効期限（年）</translation>
    </message>
    <message id="ui.card.security_code">
      <source>Security code</source>
      <translation>セキュリティコード</translation>
    </message>
    <message id="ui.card.front">
      <source>Front of the card</source>
      <translation>カードの表面</translation>
    </message>
    <message id="ui.sim.title">
      <source>Simulator</source>
      <translation>シミュレーター</translation>
    </message>
    <message id="ui.sim.issued">
      <source>Card issued on (YYYY-MM-DD; empty: today)</source>
      <translation>カードの交付日（YYYY-MM-DD。空欄なら今日）</translation>
    </message>
    <message id="ui.sim.make_card">
      <source>Make the card</source>
      <translation>カードを作る</translation>
    </message>
    <message id="ui.receipt.local_reference">
      <source>Kiosk reference (not sent yet)</source>
      <translation>端末受付番号（まだ送っていません）</translation>
    </message>
    <message id="ui.error_code">
      <source>Error code for the helpline: {code}</source>
      <translation>問い合わせ用エラーコード：{code}</translation>
    </message>
    <message id="ui.submit.photo">
      <source>The photo for your new card</source>
      <translation>新しいカードの顔写真</translation>
    </message>
    <message id="ui.submit.collection">
      <source>How you receive the card</source>
      <translation>カードの受け取り方法</translation>
    </message>
    <message id="ui.submit.pickup">
      <source>At the city office, {when}</source>
      <translation>市区町村の窓口で受け取り　{when}</translation>
    </message>
    <message id="ui.help">
      <source>Help</source>
      <translation>ヘルプ</translation>
    </message>
    <message id="ui.help.title">
      <source>Need help?</source>
      <translation>お困りですか？</translation>
    </message>
    <message id="ui.help.staffed">
      <source>A member of staff is here: please ask them.</source>
      <translation>係員がおります。お声がけください。</translation>
    </message>
    <message id="ui.help.national">
      <source>National My Number toll-free line (free of charge)</source>
      <translation>マイナンバー総合フリーダイヤル（通話料無料）</translation>
    </message>
    <message id="ui.help.site">
      <source>Please call</source>
      <translation>お問い合わせ先</translation>
    </message>
    <message id="ui.help.code">
      <source>If an error code is on the screen, please tell it to the person you speak to.</source>
      <translation>画面にエラーコードが出ているときは、お問い合わせの際にお伝えください。</translation>
    </message>
    <message id="ui.help.close">
      <source>Close</source>
      <translation>閉じる</translation>
    </message>
    <message id="ui.tech.title">
      <source>Technician mode</source>
      <translation>技術者モード</translation>
    </message>
    <message id="ui.tech.pin">
      <source>Technician PIN</source>
      <translation>技術者用暗証番号</translation>
    </message>
    <message id="ui.tech.wrong_pin">
      <source>Wrong technician PIN</source>
      <translation>技術者用暗証番号が違います</translation>
    </message>
    <message id="ui.tech.persona">
      <source>Virtual card persona</source>
      <translation>仮想カードの人物</translation>
    </message>
    <message id="ui.tech.insert">
      <source>Insert card</source>
      <translation>カードを入れる</translation>
    </message>
    <message id="ui.tech.remove">
      <source>Remove card</source>
      <translation>カードを抜く</translation>
    </message>
    <message id="ui.tech.tap">
      <source>Tap card</source>
      <translation>カードをかざす</translation>
    </message>
    <message id="ui.tech.card_in">
      <source>Card in the reader</source>
      <translation>カードあり</translation>
    </message>
    <message id="ui.tech.card_out">
      <source>No card in the reader</source>
      <translation>カードなし</translation>
    </message>
    <message id="ui.tech.faults">
      <source>Faults (e.g. remove@12,delay=0.05)</source>
      <translation>障害の注入（例：remove@12,delay=0.05）</translation>
    </message>
    <message id="ui.tech.apply">
      <source>Apply</source>
      <translation>適用</translation>
    </message>
    <message id="ui.tech.camera">
      <source>Replay camera source</source>
      <translation>再生するカメラ映像</translation>
    </message>
    <message id="ui.tech.trace">
      <source>APDU trace (redacted)</source>
      <translation>APDUトレース（秘匿済み）</translation>
    </message>
    <message id="ui.tech.doctor">
      <source>Run doctor</source>
      <translation>診断（doctor）を実行</translation>
    </message>
    <message id="ui.tech.doctor_running">
      <source>Running doctor...</source>
      <translation>診断を実行しています…</translation>
    </message>
    <message id="ui.tech.close">
      <source>Close technician mode</source>
      <translation>技術者モードを閉じる</translation>
    </message>
    <message id="ui.tech.back_to_bench">
      <source>Back to the simulator bench</source>
      <translation>シミュレーターの操作に戻る</translation>
    </message>
    <message id="ui.tech.area.reader">
      <source>Card reader</source>
      <translation>カード読み取り機</translation>
    </message>
    <message id="ui.tech.area.camera">
      <source>Camera</source>
      <translation>カメラ</translation>
    </message>
    <message id="ui.tech.area.printer">
      <source>Receipt printer</source>
      <translation>控えの印刷機</translation>
    </message>
    <message id="ui.tech.area.network">
      <source>Network and service</source>
      <translation>ネットワークとサービス</translation>
    </message>
    <message id="ui.tech.area.outbox">
      <source>Applications waiting to be sent (outbox)</source>
      <translation>送信待ちの申請（アウトボックス）</translation>
    </message>
    <message id="ui.tech.area.disk">
      <source>Disk</source>
      <translation>ディスク</translation>
    </message>
    <message id="ui.tech.area.clock">
      <source>Clock</source>
      <translation>時計</translation>
    </message>
    <message id="ui.tech.area.system">
      <source>Software and sound</source>
      <translation>ソフトウェアと音声</translation>
    </message>
    <message id="ui.tech.error">
      <source>Error: {message}</source>
      <translation>エラー：{message}</translation>
    </message>
  </context>
</TS>
