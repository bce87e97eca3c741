<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
  <context>
    <name />
    <message id="attract.title">
      <source>My Number Card kiosk</source>
      <translation>My Number Card kiosk</translation>
    </message>
    <message id="attract.body">
      <source>Reset a forgotten PIN or apply to renew your card. Touch the screen to start.</source>
      <translation>Reset a forgotten PIN or apply to renew your card. Touch the screen to start.</translation>
    </message>
    <message id="action.start">
      <source>Start</source>
      <translation>Start</translation>
    </message>
    <message id="services.title">
      <source>What would you like to do?</source>
      <translation>What would you like to do?</translation>
    </message>
    <message id="services.body">
      <source>Choose one. Bring your My Number Card; nothing else is needed. Each takes about 5 to 15 minutes.</source>
      <translation>Choose one. Bring your My Number Card; nothing else is needed. Each takes about 5 to 15 minutes.</translation>
    </message>
    <message id="service.sign_pin_reset">
      <source>Reset the signature PIN (6-16 characters)</source>
      <translation>Reset the signature PIN (6-16 characters)</translation>
    </message>
    <message id="service.pin_reset">
      <source>Reset the 4-digit PINs</source>
      <translation>Reset the 4-digit PINs</translation>
    </message>
    <message id="service.pin_reset.pending">
      <source>Not yet approved: ask at the counter</source>
      <translation>Not yet approved: ask at the counter</translation>
    </message>
    <message id="service.renewal">
      <source>Apply to renew my card</source>
      <translation>Apply to renew my card</translation>
    </message>
    <message id="service.locked_out">
      <source>I do not remember any PIN</source>
      <translation>I do not remember any PIN</translation>
    </message>
    <message id="service.sign_pin_reset.about">
      <source>For a forgotten or locked signature PIN. You need your 4-digit PIN. About 5 minutes.</source>
      <translation>For a forgotten or locked signature PIN. You need your 4-digit PIN. About 5 minutes.</translation>
    </message>
    <message id="service.pin_reset.about">
      <source>For forgotten or locked 4-digit PINs. You need your signature PIN. About 5 minutes.</source>
      <translation>For forgotten or locked 4-digit PINs. You need your signature PIN. About 5 minutes.</translation>
    </message>
    <message id="service.renewal.about">
      <source>When your card expires soon: apply for a new one. The photo is taken here. About 10 minutes.</source>
      <translation>When your card expires soon: apply for a new one. The photo is taken here. About 10 minutes.</translation>
    </message>
    <message id="service.locked_out.about">
      <source>See what can be done for you without any PIN. About 3 minutes.</source>
      <translation>See what can be done for you without any PIN. About 3 minutes.</translation>
    </message>
    <message id="consent.title">
      <source>Before we read your card</source>
      <translation>Before we read your card</translation>
    </message>
    <message id="consent.body">
      <source>For this service the kiosk reads and uses what is listed below. Nothing is kept on this kiosk after you finish, and your My Number is never read.</source>
      <translation>For this service the kiosk reads and uses what is listed below. Nothing is kept on this kiosk after you finish, and your My Number is never read.</translation>
    </message>
    <message id="consent.item.pin_status">
      <source>How many tries your PINs have left: so that no try is wasted.</source>
      <translation>How many tries your PINs have left: so that no try is wasted.</translation>
    </message>
    <message id="consent.item.card_front">
      <source>What is printed on your card (name, address, birth date, sex) and the photo in its chip: to check that the card is genuine.</source>
      <translation>What is printed on your card (name, address, birth date, sex) and the photo in its chip: to check that the card is genuine.</translation>
    </message>
    <message id="consent.item.basic_four">
      <source>Your name, address, birth date and sex from the chip: for the application.</source>
      <translation>Your name, address, birth date and sex from the chip: for the application.</translation>
    </message>
    <message id="consent.item.certificate_auth">
      <source>Your user-authentication certificate: to prove that the card is yours.</source>
      <translation>Your user-authentication certificate: to prove that the card is yours.</translation>
    </message>
    <message id="consent.item.certificate_sign">
      <source>Your signature certificate: to prove that the card is yours.</source>
      <translation>Your signature certificate: to prove that the card is yours.</translation>
    </message>
    <message id="consent.item.face">
      <source>Your face, with the camera: compared with the photo in your card; one picture is sent, encrypted, to the card-management service to confirm it.</source>
      <translation>Your face, with the camera: compared with the photo in your card; one picture is sent, encrypted, to the card-management service to confirm it.</translation>
    </message>
    <message id="consent.item.new_photo">
      <source>A new photo, with the camera: for your new card.</source>
      <translation>A new photo, with the camera: for your new card.</translation>
    </message>
    <message id="consent.item.sent">
      <source>The request to reset the PIN is sent to the card-management service.</source>
      <translation>The request to reset the PIN is sent to the card-management service.</translation>
    </message>
    <message id="consent.item.application">
      <source>The application (your details, the new photo, how you collect the card) goes to your city office.</source>
      <translation>The application (your details, the new photo, how you collect the card) goes to your city office.</translation>
    </message>
    <message id="consent.item.nothing_sent">
      <source>Nothing is sent anywhere: the kiosk only tells you what can be done.</source>
      <translation>Nothing is sent anywhere: the kiosk only tells you what can be done.</translation>
    </message>
    <message id="action.agree">
      <source>I agree: continue</source>
      <translation>I agree: continue</translation>
    </message>
    <message id="action.decline">
      <source>No, stop here</source>
      <translation>No, stop here</translation>
    </message>
    <message id="consent.declined.title">
      <source>Nothing was read</source>
      <translation>Nothing was read</translation>
    </message>
    <message id="consent.declined.body">
      <source>You chose not to continue, so nothing was read from your card. Thank you for coming.</source>
      <translation>You chose not to continue, so nothing was read from your card. Thank you for coming.</translation>
    </message>
    <message id="card_return.title">
      <source>Please take your card</source>
      <translation>Please take your card</translation>
    </message>
    <message id="card_return.body">
      <source>Your session has ended. Take your My Number Card from the reader now.</source>
      <translation>Your session has ended. Take your My Number Card from the reader now.</translation>
    </message>
    <message id="card_return.alert.title">
      <source>Your card is still in the reader</source>
      <translation>Your card is still in the reader</translation>
    </message>
    <message id="card_return.alert.body">
      <source>Please take your My Number Card with you.</source>
      <translation>Please take your My Number Card with you.</translation>
    </message>
    <message id="submit.title">
      <source>Send this application?</source>
      <translation>Send this application?</translation>
    </message>
    <message id="submit.body">
      <source>This is everything that will be sent to your city office. Your My Number is not sent. Press Submit to send it, or Back to change how you receive the card.</source>
      <translation>This is everything that will be sent to your city office. Your My Number is not sent. Press Submit to send it, or Back to change how you receive the card.</translation>
    </message>
    <message id="action.submit">
      <source>Submit</source>
      <translation>Submit</translation>
    </message>
    <message id="action.start_again">
      <source>Start again</source>
      <translation>Start again</translation>
    </message>
    <message id="card.place.title">
      <source>Place your card</source>
      <translation>Place your card</translation>
    </message>
    <message id="card.place.body">
      <source>Put your My Number Card on the reader, photo side up.</source>
      <translation>Put your My Number Card on the reader, photo side up.</translation>
    </message>
    <message id="card.place.body.contact">
      <source>Insert your My Number Card into the slot, chip first.</source>
      <translation>Insert your My Number Card into the slot, chip first.</translation>
    </message>
    <message id="card.reading.title">
      <source>Reading your card</source>
      <translation>Reading your card</translation>
    </message>
    <message id="card.reading.body">
      <source>Please do not remove the card.</source>
      <translation>Please do not remove the card.</translation>
    </message>
    <message id="card.keep.body">
      <source>Keep your card on the reader until the kiosk says you may take it.</source>
      <translation>Keep your card on the reader until the kiosk says you may take it.</translation>
    </message>
    <message id="card.take.body">
      <source>You may now take your card.</source>
      <translation>You may now take your card.</translation>
    </message>
    <message id="pin.auth.title">
      <source>Enter your 4-digit PIN</source>
      <translation>Enter your 4-digit PIN</translation>
    </message>
    <message id="pin.auth.body">
      <source>The PIN of the user-authentication certificate (利用者証明用).</source>
      <translation>The PIN of the user-authentication certificate (利用者証明用).</translation>
    </message>
    <message id="pin.sign.title">
      <source>Enter your signature PIN</source>
      <translation>Enter your signature PIN</translation>
    </message>
    <message id="pin.sign.body">
      <source>6 to 16 letters and digits (署名用電子証明書).</source>
      <translation>6 to 16 letters and digits (署名用電子証明書).</translation>
    </message>
    <message id="pin.wrong.body">
      <source>That PIN was wrong.</source>
      <translation>That PIN was wrong.</translation>
    </message>
    <message id="pin.last_try.title">
      <source>Last try</source>
      <translation>Last try</translation>
    </message>
    <message id="pin.last_try.body">
      <source>If this PIN is wrong again it will be locked, and only the city office can unlock it.</source>
      <translation>If this PIN is wrong again it will be locked, and only the city office can unlock it.</translation>
    </message>
    <message id="action.try_anyway">
      <source>I am sure, try it</source>
      <translation>I remember it: enter the PIN</translation>
    </message>
    <message id="action.i_forgot">
      <source>I do not remember it</source>
      <translation>I do not remember it</translation>
    </message>
    <message id="pin.new.title">
      <source>Choose a new PIN</source>
      <translation>Choose a new PIN</translation>
    </message>
    <message id="pin.new.sign.body">
      <source>6 to 16 characters: capital letters A-Z and digits 0-9, at least one of each.</source>
      <translation>6 to 16 characters: capital letters A-Z and digits 0-9, at least one of each.</translation>
    </message>
    <message id="pin.new.digits.body">
      <source>4 digits. It becomes the PIN of all three 4-digit PINs on your card.</source>
      <translation>4 digits. This one number becomes all three 4-digit PINs on your card.</translation>
    </message>
    <message id="pin.new.confirm.title">
      <source>Enter the new PIN again</source>
      <translation>Enter the new PIN again</translation>
    </message>
    <message id="pin.new.mismatch">
      <source>The two entries were different. Please choose the new PIN again.</source>
      <translation>The two entries were different. Please choose the new PIN again.</translation>
    </message>
    <message id="pin.weak.too_short">
      <source>Too short.</source>
      <translation>Too short.</translation>
    </message>
    <message id="pin.weak.needs_letter_and_digit">
      <source>Use at least one letter and one digit.</source>
      <translation>Use at least one letter and one digit.</translation>
    </message>
    <message id="pin.weak.repeated">
      <source>Do not use one character repeated.</source>
      <translation>Do not use one character repeated.</translation>
    </message>
    <message id="pin.weak.sequence">
      <source>Do not use a simple sequence such as 1234.</source>
      <translation>Do not use a simple sequence such as 1234.</translation>
    </message>
    <message id="pin.weak.birth_date">
      <source>Do not use your birth date.</source>
      <translation>Do not use your birth date.</translation>
    </message>
    <message id="pin.weak.security_code">
      <source>Do not use the security code printed on your card.</source>
      <translation>Do not use the security code printed on your card.</translation>
    </message>
    <message id="pin.weak.same_as_old">
      <source>Choose a PIN different from the one you had.</source>
      <translation>Choose a PIN different from the one you had.</translation>
    </message>
    <message id="card_front.title">
      <source>Numbers printed on your card</source>
      <translation>Numbers printed on your card</translation>
    </message>
    <message id="card_front.body">
      <source>Enter your birth date, the year your card expires and the 4-digit security code.</source>
      <translation>Enter your birth date, the year your card expires and the 4-digit security code.</translation>
    </message>
    <message id="card_front.scan">
      <source>Hold the front of the card up to the camera</source>
      <translation>Hold the front of the card up to the camera</translation>
    </message>
    <message id="card_front.confirm">
      <source>Are these numbers correct?</source>
      <translation>Are these numbers correct?</translation>
    </message>
    <message id="field.birth_date">
      <source>Birth date</source>
      <translation>Birth date</translation>
    </message>
    <message id="field.expiry_year">
      <source>Card valid until (year)</source>
      <translation>Card valid until (year)</translation>
    </message>
    <message id="field.security_code">
      <source>Security code</source>
      <translation>Security code</translation>
    </message>
    <message id="action.scan">
      <source>Read with the camera</source>
      <translation>Read with the camera</translation>
    </message>
    <message id="action.type">
      <source>Type them</source>
      <translation>Type them</translation>
    </message>
    <message id="card_front.calendar.body">
      <source>How is the birth date printed on your card? It is marked in the picture.</source>
      <translation>How is the birth date printed on your card? It is marked in the picture.</translation>
    </message>
    <message id="card_front.birth_date.era.body">
      <source>Type the year, month and day as printed, two digits each. Example: year 50, May 3 is 500503.</source>
      <translation>Type the year, month and day as printed, two digits each. Example: year 50, May 3 is 500503.</translation>
    </message>
    <message id="card_front.birth_date.western.body">
      <source>Type the year (4 digits), then the month and day (2 digits each). Example: 3 May 1975 is 19750503.</source>
      <translation>Type the year (4 digits), then the month and day (2 digits each). Example: 3 May 1975 is 19750503.</translation>
    </message>
    <message id="card_front.expiry_year.body">
      <source>Type the year your card is valid until (4 digits), as printed on the card.</source>
      <translation>Type the year your card is valid until (4 digits), as printed on the card.</translation>
    </message>
    <message id="card_front.security_code.body">
      <source>Type the 4-digit security code printed on the front of your card.</source>
      <translation>Type the 4-digit security code printed on the front of your card.</translation>
    </message>
    <message id="era.showa">
      <source>Shōwa (昭和)</source>
      <translation>Shōwa (昭和)</translation>
    </message>
    <message id="era.heisei">
      <source>Heisei (平成)</source>
      <translation>Heisei (平成)</translation>
    </message>
    <message id="era.reiwa">
      <source>Reiwa (令和)</source>
      <translation>Reiwa (令和)</translation>
    </message>
    <message id="era.taisho">
      <source>Taishō (大正)</source>
      <translation>Taishō (大正)</translation>
    </message>
    <message id="era.western">
      <source>Western year, such as 1990</source>
      <translation>Western year, such as 1990</translation>
    </message>
    <message id="face.title">
      <source>Look at the camera</source>
      <translation>Look at the camera</translation>
    </message>
    <message id="face.body">
      <source>We compare your face with the photo stored in your card.</source>
      <translation>We compare your face with the photo stored in your card.</translation>
    </message>
    <message id="face.challenge.blink">
      <source>Blink twice</source>
      <translation>Blink twice</translation>
    </message>
    <message id="face.challenge.turn_left">
      <source>Turn your head slowly to the left</source>
      <translation>Turn your head slowly to the left</translation>
    </message>
    <message id="face.challenge.turn_right">
      <source>Turn your head slowly to the right</source>
      <translation>Turn your head slowly to the right</translation>
    </message>
    <message id="face.matching">
      <source>Checking...</source>
      <translation>Checking...</translation>
    </message>
    <message id="face.hint.face_not_found">
      <source>We cannot see your face. Please face the camera.</source>
      <translation>We cannot see your face. Please face the camera.</translation>
    </message>
    <message id="face.hint.one_person_only">
      <source>Only one person in front of the camera, please.</source>
      <translation>Only one person in front of the camera, please.</translation>
    </message>
    <message id="face.hint.person_behind">
      <source>Someone is standing close behind you. Please ask them to step back.</source>
      <translation>Someone is standing close behind you. Please ask them to step back.</translation>
    </message>
    <message id="face.hint.move_closer">
      <source>Move a little closer.</source>
      <translation>Move a little closer.</translation>
    </message>
    <message id="face.hint.move_back">
      <source>Move back a little.</source>
      <translation>Move back a little.</translation>
    </message>
    <message id="face.hint.center_face">
      <source>Move so your face is in the middle of the frame.</source>
      <translation>Move so your face is in the middle of the frame.</translation>
    </message>
    <message id="face.hint.look_straight">
      <source>Look straight at the camera.</source>
      <translation>Look straight at the camera.</translation>
    </message>
    <message id="face.hint.level_chin">
      <source>Keep your chin level.</source>
      <translation>Keep your chin level.</translation>
    </message>
    <message id="face.hint.straighten_head">
      <source>Hold your head straight, not tilted.</source>
      <translation>Hold your head straight, not tilted.</translation>
    </message>
    <message id="face.hint.open_eyes">
      <source>Keep your eyes open.</source>
      <translation>Keep your eyes open.</translation>
    </message>
    <message id="face.hint.close_mouth">
      <source>Close your mouth, with a neutral face.</source>
      <translation>Close your mouth.</translation>
    </message>
    <message id="face.hint.hold_still">
      <source>Hold still.</source>
      <translation>Hold still.</translation>
    </message>
    <message id="face.hint.more_light">
      <source>It is too dark. Face the light.</source>
      <translation>It is too dark. Face the light.</translation>
    </message>
    <message id="face.hint.less_light">
      <source>It is too bright.</source>
      <translation>It is too bright.</translation>
    </message>
    <message id="face.hint.even_light">
      <source>There is a shadow on your face.</source>
      <translation>There is a shadow on your face.</translation>
    </message>
    <message id="face.hint.plain_background">
      <source>Stand in front of the plain panel.</source>
      <translation>Stand with a plain wall behind you.</translation>
    </message>
    <message id="face.hint.remove_hat">
      <source>Please take off your hat.</source>
      <translation>Please take off your hat.</translation>
    </message>
    <message id="photo.title">
      <source>Photo for your new card</source>
      <translation>Photo for your new card</translation>
    </message>
    <message id="photo.body">
      <source>Face the camera, no hat, plain background.</source>
      <translation>Face the camera, no hat, plain background.</translation>
    </message>
    <message id="photo.review.title">
      <source>Is this photo all right?</source>
      <translation>Is this photo all right?</translation>
    </message>
    <message id="action.retake">
      <source>Take again</source>
      <translation>Take again</translation>
    </message>
    <message id="action.accept">
      <source>Use this photo</source>
      <translation>Use this photo</translation>
    </message>
    <message id="action.take_photo">
      <source>Take the photo now</source>
      <translation>Take the photo now</translation>
    </message>
    <message id="photo.review.body">
      <source>This is the photo as it will be sent for your new card. Every rule is met.</source>
      <translation>This is the photo as it will be sent for your new card. Every rule is met.</translation>
    </message>
    <message id="photo.review.failed">
      <source>This photo cannot be used: a rule marked ⚠ is not met. Please take it again.</source>
      <translation>This photo cannot be used: a rule marked ⚠ is not met. Please take it again.</translation>
    </message>
    <message id="photo.rule.one_face">
      <source>Only you in the picture</source>
      <translation>Only you in the picture</translation>
    </message>
    <message id="photo.rule.framing">
      <source>Face the right size, in the middle</source>
      <translation>Face the right size, in the middle</translation>
    </message>
    <message id="photo.rule.facing">
      <source>Facing the front, head straight</source>
      <translation>Facing the front, head straight</translation>
    </message>
    <message id="photo.rule.eyes">
      <source>Eyes open</source>
      <translation>Eyes open</translation>
    </message>
    <message id="photo.rule.mouth">
      <source>Mouth closed, natural expression</source>
      <translation>Mouth closed, natural expression</translation>
    </message>
    <message id="photo.rule.sharp">
      <source>Sharp, not blurred</source>
      <translation>Sharp, not blurred</translation>
    </message>
    <message id="photo.rule.light">
      <source>Even light, no shadow on the face</source>
      <translation>Even light, no shadow on the face</translation>
    </message>
    <message id="photo.rule.background">
      <source>Plain background</source>
      <translation>Plain background</translation>
    </message>
    <message id="confirm.title">
      <source>Check your details</source>
      <translation>Check your details</translation>
    </message>
    <message id="confirm.body">
      <source>These come from your card. If something is wrong, please go to the city office.</source>
      <translation>These come from your card. If something is wrong, please go to the city office.</translation>
    </message>
    <message id="field.name">
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message id="field.address">
      <source>Address</source>
      <translation>Address</translation>
    </message>
    <message id="field.sex">
      <source>Sex</source>
      <translation>Sex</translation>
    </message>
    <message id="field.card_expiry">
      <source>Card valid until</source>
      <translation>Card valid until</translation>
    </message>
    <message id="field.former_surname">
      <source>Former surname (旧氏)</source>
      <translation>Former surname (旧氏)</translation>
    </message>
    <message id="delivery.title">
      <source>How will you receive your new card?</source>
      <translation>How will you receive your new card?</translation>
    </message>
    <message id="delivery.counter">
      <source>Pick it up at the city office</source>
      <translation>Pick it up at the city office</translation>
    </message>
    <message id="delivery.counter.body">
      <source>Choose a day. Bring this card and the notice we will send you.</source>
      <translation>Choose a day. Bring this card and the notice we will send you.</translation>
    </message>
    <message id="delivery.mail">
      <source>By restricted-delivery mail (本人限定受取郵便)</source>
      <translation>By restricted-delivery mail (本人限定受取郵便)</translation>
    </message>
    <message id="delivery.mail.body">
      <source>Only because a city official checked your identity today.</source>
      <translation>Only because a city official checked your identity today.</translation>
    </message>
    <message id="delivery.slot">
      <source>{date} {time}</source>
      <translation>{date} {time}</translation>
    </message>
    <message id="delivery.later">
      <source>Time arranged later</source>
      <translation>Time arranged later</translation>
    </message>
    <message id="delivery.later.body">
      <source>No pick-up time can be booked here right now. The city office will contact you to book one.</source>
      <translation>No pick-up time can be booked here right now. The city office will contact you to book one.</translation>
    </message>
    <message id="renewal.done.title">
      <source>Your application was received</source>
      <translation>Your application was received</translation>
    </message>
    <message id="renewal.done.body">
      <source>A notice to collect your card arrives in about 1.5 months. Bring this card and the notice; you will set your PINs at the counter.</source>
      <translation>A notice to collect your card arrives in about 1.5 months. Bring this card and the notice; you will set your PINs at the counter.</translation>
    </message>
    <message id="renewal.done.mail.body">
      <source>Your new card will be mailed to you by restricted-delivery mail.</source>
      <translation>Your new card will be mailed to you by restricted-delivery mail.</translation>
    </message>
    <message id="renewal.queued.title">
      <source>Saved on this kiosk: not sent yet</source>
      <translation>Saved on this kiosk: not sent yet</translation>
    </message>
    <message id="renewal.done.contact.body">
      <source>No pick-up time is booked yet (the time you chose may just have been taken): the city office will contact you to book one.</source>
      <translation>No pick-up time is booked yet (the time you chose may just have been taken): the city office will contact you to book one.</translation>
    </message>
    <message id="renewal.queued.body">
      <source>Your application has not reached the city office yet. The kiosk will send it by itself when the network is back. Keep the kiosk reference below; the city office can look it up.</source>
      <translation>Your application has not reached the city office yet. The kiosk will send it by itself when the network is back. Keep the kiosk reference below; the city office can look it up.</translation>
    </message>
    <message id="reset.done.title">
      <source>Your PIN has been reset</source>
      <translation>Your PIN has been reset</translation>
    </message>
    <message id="reset.done.body">
      <source>Use your new PIN from now on. Keep the reference number below in case you need to ask.</source>
      <translation>Use your new PIN from now on. Keep the reference number below in case you need to ask.</translation>
    </message>
    <message id="reset.unconfirmed.title">
      <source>Your card may already have the new PIN</source>
      <translation>Your card may already have the new PIN</translation>
    </message>
    <message id="reset.unconfirmed.body">
      <source>The card received the new PIN, but the service could not confirm it yet; the kiosk will send the confirmation by itself. Use the NEW PIN first. If the card refuses it, your old PIN still works. A refused try is counted, so try each PIN only once; to check without risk, ask at the city office.</source>
      <translation>The card received the new PIN, but the service could not confirm it yet; the kiosk will send the confirmation by itself. Use the NEW PIN first. If the card refuses it, your old PIN still works. A refused try is counted, so try each PIN only once; to check without risk, ask at the city office.</translation>
    </message>
    <message id="receipt.print">
      <source>Print a receipt</source>
      <translation>Print a receipt</translation>
    </message>
    <message id="action.finish">
      <source>Finish</source>
      <translation>Finish</translation>
    </message>
    <message id="action.cancel">
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message id="action.back">
      <source>Back</source>
      <translation>Back</translation>
    </message>
    <message id="action.next">
      <source>Next</source>
      <translation>Next</translation>
    </message>
    <message id="action.ok">
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message id="action.retry">
      <source>Try again</source>
      <translation>Try again</translation>
    </message>
    <message id="action.continue">
      <source>Continue</source>
      <translation>Continue</translation>
    </message>
    <message id="action.still_here">
      <source>I am still here</source>
      <translation>I am still here</translation>
    </message>
    <message id="idle.title">
      <source>Are you still there?</source>
      <translation>Are you still there?</translation>
    </message>
    <message id="idle.body">
      <source>This session ends in {seconds} seconds to protect your data.</source>
      <translation>This session ends in {seconds} seconds to protect your data.</translation>
    </message>
    <message id="working.title">
      <source>Please wait</source>
      <translation>Please wait</translation>
    </message>
    <message id="working.backend">
      <source>Contacting the service...</source>
      <translation>Contacting the service...</translation>
    </message>
    <message id="working.card">
      <source>Writing to your card. Do not remove it.</source>
      <translation>Writing to your card. Do not remove it.</translation>
    </message>
    <message id="info.locked_out.title">
      <source>What we can do today</source>
      <translation>What we can do today</translation>
    </message>
    <message id="info.locked_out.body">
      <source>Your card is genuine and readable, but without a PIN this kiosk cannot reset PINs. Please go to your city office with this card: no other ID is needed.</source>
      <translation>Your card is genuine and readable, but without a PIN this kiosk cannot reset PINs. Please go to your city office with this card: no other ID is needed.</translation>
    </message>
    <message id="info.auth_blocked.body">
      <source>Your 4-digit PIN is locked. Only the city office can unlock it. Bring this card; no other ID is needed.</source>
      <translation>Your 4-digit PIN is locked. Only the city office can unlock it. Bring this card; no other ID is needed.</translation>
    </message>
    <message id="info.sign_blocked.body">
      <source>Your signature PIN is locked. You can reset it here with your 4-digit PIN.</source>
      <translation>Your signature PIN is locked. You can reset it here with your 4-digit PIN.</translation>
    </message>
    <message id="info.sign_blocked_for_reset.body">
      <source>Your signature PIN is locked, and the 4-digit PINs can be reset here only with it. Please go to the city office with this card; no other ID is needed.</source>
      <translation>Your signature PIN is locked, and the 4-digit PINs can be reset here only with it. Please go to the city office with this card; no other ID is needed.</translation>
    </message>
    <message id="info.service_unavailable">
      <source>This service is not offered at this kiosk. Please ask at the city office.</source>
      <translation>This service is not offered at this kiosk. Please ask at the city office.</translation>
    </message>
    <message id="info.pin_b_last_try.body">
      <source>Nothing was sent and no try was used. Check the numbers on your card, or bring it to the city office.</source>
      <translation>Nothing was sent and no try was used. Check the numbers on your card, or bring it to the city office.</translation>
    </message>
    <message id="info.no_sign_certificate">
      <source>Your card has no signature certificate (issued before age 15).</source>
      <translation>Your card has no signature certificate (issued before age 15).</translation>
    </message>
    <message id="info.card_ap_not_offered">
      <source>Your card is genuine, but your city does not take renewals at a kiosk without the 4-digit PIN. Please apply at the city office with this card.</source>
      <translation>Your card is genuine, but your city does not take renewals at a kiosk without the 4-digit PIN. Please apply at the city office with this card.</translation>
    </message>
    <message id="info.offline_needs_service">
      <source>The service cannot be reached. Without it, this kiosk can check your card only with a valid electronic certificate and its 4-digit PIN. Please try again later, or apply at the city office.</source>
      <translation>The service cannot be reached. Without it, this kiosk can check your card only with a valid electronic certificate and its 4-digit PIN. Please try again later, or apply at the city office.</translation>
    </message>
    <message id="eligibility.not_yet.title">
      <source>It is too early to renew your card</source>
      <translation>It is too early to renew your card</translation>
    </message>
    <message id="eligibility.not_yet.body">
      <source>Your card is valid until {card_expiry}. You can apply to renew it from {window_opens}; a notice will be sent to you. Nothing was sent today.</source>
      <translation>Your card is valid until {card_expiry}. You can apply to renew it from {window_opens}; a notice will be sent to you. Nothing was sent today.</translation>
    </message>
    <message id="eligibility.certificates_only.title">
      <source>Only your electronic certificates have expired</source>
      <translation>Only your electronic certificates have expired</translation>
    </message>
    <message id="eligibility.certificates_only.body">
      <source>Your card is valid until {card_expiry}, so it does not need renewing yet (renewal opens on {window_opens}). The electronic certificates on it have expired: please renew them at the city office with this card. Nothing was sent today.</source>
      <translation>Your card is valid until {card_expiry}, so it does not need renewing yet (renewal opens on {window_opens}). The electronic certificates on it have expired: please renew them at the city office with this card. Nothing was sent today.</translation>
    </message>
    <message id="eligibility.residence.title">
      <source>Your card follows your period of stay</source>
      <translation>Your card follows your period of stay</translation>
    </message>
    <message id="eligibility.residence.body">
      <source>Your card is valid until {card_expiry}, the end of your period of stay. After your stay is extended, the city office updates the card's validity: please go there with this card and your residence card.</source>
      <translation>Your card is valid until {card_expiry}, the end of your period of stay. After your stay is extended, the city office updates the card's validity: please go there with this card and your residence card.</translation>
    </message>
    <message id="certificate_expired.title">
      <source>Your electronic certificate has expired</source>
      <translation>Your electronic certificate has expired</translation>
    </message>
    <message id="certificate_expired.signature.body">
      <source>The signature certificate on your card expired on {expired_on}, so its PIN has nothing left to unlock. Please get a new certificate at the city office with this card; you will choose a new PIN there. Nothing was sent to your card.</source>
      <translation>The signature certificate on your card expired on {expired_on}, so its PIN has nothing left to unlock. Please get a new certificate at the city office with this card; you will choose a new PIN there. Nothing was sent to your card.</translation>
    </message>
    <message id="certificate_expired.authentication.body">
      <source>The user-authentication certificate on your card expired on {expired_on}, so the 4-digit PINs cannot be reset into use here. Please get new certificates at the city office with this card. Nothing was sent to your card.</source>
      <translation>The user-authentication certificate on your card expired on {expired_on}, so the 4-digit PINs cannot be reset into use here. Please get new certificates at the city office with this card. Nothing was sent to your card.</translation>
    </message>
    <message id="staff.login.title">
      <source>Staff login</source>
      <translation>Staff login</translation>
    </message>
    <message id="staff.login.user">
      <source>Staff ID</source>
      <translation>Staff ID</translation>
    </message>
    <message id="staff.login.password">
      <source>Password</source>
      <translation>Password</translation>
    </message>
    <message id="staff.home.title">
      <source>Pop-up session</source>
      <translation>Pop-up session</translation>
    </message>
    <message id="staff.queue">
      <source>{pending} applications waiting to be sent</source>
      <translation>{pending} applications waiting to be sent</translation>
    </message>
    <message id="staff.synced">
      <source>All applications have been sent</source>
      <translation>All applications have been sent</translation>
    </message>
    <message id="staff.offline">
      <source>Offline: applications are kept safely and sent later</source>
      <translation>Offline: applications are kept safely and sent later</translation>
    </message>
    <message id="staff.sync_refused">
      <source>The service refused an application: it stays in the queue; see the end-of-day report.</source>
      <translation>The service refused an application: it stays in the queue; see the end-of-day report.</translation>
    </message>
    <message id="staff.sync_failed">
      <source>Sending did not finish: applications stay in the queue and are sent later.</source>
      <translation>Sending did not finish: applications stay in the queue and are sent later.</translation>
    </message>
    <message id="staff.report.title">
      <source>End-of-day report</source>
      <translation>End-of-day report</translation>
    </message>
    <message id="action.start_resident">
      <source>Help a resident</source>
      <translation>Help a resident</translation>
    </message>
    <message id="action.sync">
      <source>Send now</source>
      <translation>Send now</translation>
    </message>
    <message id="action.report">
      <source>End-of-day report</source>
      <translation>End-of-day report</translation>
    </message>
    <message id="action.logout">
      <source>Log out</source>
      <translation>Log out</translation>
    </message>
    <message id="error.wrong_pin.title">
      <source>The PIN was wrong</source>
      <translation>The PIN was wrong</translation>
    </message>
    <message id="error.wrong_pin.body">
      <source>Check the number and enter it again.</source>
      <translation>Check the number and enter it again.</translation>
    </message>
    <message id="error.pin_format.title">
      <source>Check the PIN</source>
      <translation>Check the PIN</translation>
    </message>
    <message id="error.pin_format.body">
      <source>It has the wrong number or kind of characters. Nothing was sent to the card.</source>
      <translation>It has the wrong number or kind of characters. Nothing was sent to the card.</translation>
    </message>
    <message id="error.pin_b_wrong.title">
      <source>Those numbers did not match the card</source>
      <translation>Those numbers did not match the card</translation>
    </message>
    <message id="error.pin_b_wrong.body">
      <source>Check the numbers printed on the card.</source>
      <translation>Check the numbers printed on the card.</translation>
    </message>
    <message id="error.birth_date_invalid.title">
      <source>There is no such date</source>
      <translation>There is no such date</translation>
    </message>
    <message id="error.birth_date_invalid.body">
      <source>That day does not exist in the calendar you chose. Check the birth date printed on your card.</source>
      <translation>That day does not exist in the calendar you chose. Check the birth date printed on your card.</translation>
    </message>
    <message id="error.cancelled.title">
      <source>Cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message id="error.cancelled.body">
      <source>Nothing was changed.</source>
      <translation>Nothing was changed.</translation>
    </message>
    <message id="error.pin_blocked.title">
      <source>This PIN is locked</source>
      <translation>This PIN is locked</translation>
    </message>
    <message id="error.pin_blocked.body">
      <source>Only the city office can unlock it. Bring this card; no other ID is needed.</source>
      <translation>Only the city office can unlock it. Bring this card; no other ID is needed.</translation>
    </message>
    <message id="error.card_front_blocked.title">
      <source>The numbers printed on your card are locked</source>
      <translation>The numbers printed on your card are locked</translation>
    </message>
    <message id="error.card_front_blocked.body">
      <source>They were entered wrongly too many times (birth date, expiry year, security code). Only the city office can unlock them. Bring this card; no other ID is needed.</source>
      <translation>They were entered wrongly too many times (birth date, expiry year, security code). Only the city office can unlock them. Bring this card; no other ID is needed.</translation>
    </message>
    <message id="error.card_removed.title">
      <source>The card was removed</source>
      <translation>The card was removed</translation>
    </message>
    <message id="error.card_removed.body">
      <source>Nothing was changed. Start again when you are ready.</source>
      <translation>Nothing was changed. Start again when you are ready.</translation>
    </message>
    <message id="error.pin_not_sent.title">
      <source>Your PIN was not sent</source>
      <translation>Your PIN was not sent</translation>
    </message>
    <message id="error.pin_not_sent.body">
      <source>The card changed after we showed its tries left. No try was used. Start again with your own card.</source>
      <translation>The card changed after we showed its tries left. No try was used. Start again with your own card.</translation>
    </message>
    <message id="error.card_unreadable.title">
      <source>We cannot read this card</source>
      <translation>We cannot read this card</translation>
    </message>
    <message id="error.card_unreadable.body">
      <source>Check that it is a My Number Card and place it again.</source>
      <translation>Check that it is a My Number Card and place it again.</translation>
    </message>
    <message id="error.card_timeout.title">
      <source>The card did not answer in time</source>
      <translation>The card did not answer in time</translation>
    </message>
    <message id="error.card_timeout.body">
      <source>Nothing was changed. Take the card out, place it again and hold it still.</source>
      <translation>Nothing was changed. Take the card out, place it again and hold it still.</translation>
    </message>
    <message id="error.reader_down.title">
      <source>The card reader is not working</source>
      <translation>The card reader is not working</translation>
    </message>
    <message id="error.reader_down.body">
      <source>Nothing was changed. Please take your card and press Help for the helpline.</source>
      <translation>Nothing was changed. Please take your card and press Help for the helpline.</translation>
    </message>
    <message id="error.not_genuine.title">
      <source>This card could not be verified</source>
      <translation>This card could not be verified</translation>
    </message>
    <message id="error.not_genuine.body">
      <source>Please take the card to the city office. The kiosk cannot help with this card.</source>
      <translation>Please take the card to the city office. The kiosk cannot help with this card.</translation>
    </message>
    <message id="error.card_invalid.title">
      <source>This card is no longer valid</source>
      <translation>This card is no longer valid</translation>
    </message>
    <message id="error.card_invalid.body">
      <source>Please ask at the city office.</source>
      <translation>Please ask at the city office.</translation>
    </message>
    <message id="error.card_session_expired.title">
      <source>The time for this service ran out</source>
      <translation>The time for this service ran out</translation>
    </message>
    <message id="error.card_session_expired.body">
      <source>Nothing was sent. Please start again from the beginning with your card.</source>
      <translation>Nothing was sent. Please start again from the beginning with your card.</translation>
    </message>
    <message id="error.face_mismatch.title">
      <source>Your face did not match the card photo</source>
      <translation>Your face did not match the card photo</translation>
    </message>
    <message id="error.face_mismatch.body">
      <source>Look straight at the camera with your whole face inside the oval, glasses and mask off, and try again.</source>
      <translation>Look straight at the camera with your whole face inside the oval, glasses and mask off, and try again.</translation>
    </message>
    <message id="error.face_mismatch_final.title">
      <source>We could not confirm it is you</source>
      <translation>We could not confirm it is you</translation>
    </message>
    <message id="error.face_mismatch_final.body">
      <source>Please go to the city office with this card.</source>
      <translation>Please go to the city office with this card.</translation>
    </message>
    <message id="error.camera_untrusted.title">
      <source>The camera cannot be used now</source>
      <translation>The camera cannot be used now</translation>
    </message>
    <message id="error.camera_untrusted.body">
      <source>Nothing was sent. Please apply at the city office; the kiosk's technician has been told.</source>
      <translation>Nothing was sent. Please apply at the city office; the kiosk's technician has been told.</translation>
    </message>
    <message id="error.camera_down.title">
      <source>The camera is out of order</source>
      <translation>The camera is out of order</translation>
    </message>
    <message id="error.camera_down.body">
      <source>Nothing was changed or sent. Please take your card; another kiosk or the city office can help you. The kiosk's technician has been told.</source>
      <translation>Nothing was changed or sent. Please take your card; another kiosk or the city office can help you. The kiosk's technician has been told.</translation>
    </message>
    <message id="error.liveness_failed.title">
      <source>We could not confirm a live person</source>
      <translation>We could not confirm a live person</translation>
    </message>
    <message id="error.liveness_failed.body">
      <source>Please try again and follow the instructions.</source>
      <translation>Please try again and follow the instructions.</translation>
    </message>
    <message id="error.liveness_timeout.title">
      <source>The movement was not finished in time</source>
      <translation>The movement was not finished in time</translation>
    </message>
    <message id="error.liveness_timeout.body">
      <source>Keep your face inside the oval and make the movement shown, slowly, as soon as it appears. Try again.</source>
      <translation>Keep your face inside the oval and make the movement shown, slowly, as soon as it appears. Try again.</translation>
    </message>
    <message id="error.liveness_no_motion.title">
      <source>We could not see the movement</source>
      <translation>We could not see the movement</translation>
    </message>
    <message id="error.liveness_no_motion.body">
      <source>Make the movement shown on the screen (a blink, or a slow turn of the head) with your face inside the oval.</source>
      <translation>Make the movement shown on the screen (a blink, or a slow turn of the head) with your face inside the oval.</translation>
    </message>
    <message id="error.photo_quality.title">
      <source>The photo cannot be used</source>
      <translation>The photo cannot be used</translation>
    </message>
    <message id="error.photo_quality.body">
      <source>Please follow the hints and take it again.</source>
      <translation>Please follow the hints and take it again.</translation>
    </message>
    <message id="error.photo_not_same_person.title">
      <source>The photo does not show the person who was checked</source>
      <translation>The photo does not show the person who was checked</translation>
    </message>
    <message id="error.photo_not_same_person.body">
      <source>The new photo must be of the card holder, taken in this session. Nothing was sent. Please apply at the city office with this card.</source>
      <translation>The new photo must be of the card holder, taken in this session. Nothing was sent. Please apply at the city office with this card.</translation>
    </message>
    <message id="error.backend_down.title">
      <source>The service cannot be reached</source>
      <translation>The service cannot be reached</translation>
    </message>
    <message id="error.backend_down.body">
      <source>Nothing was changed. Please try again later.</source>
      <translation>Nothing was changed. Please try again later.</translation>
    </message>
    <message id="error.backend_refused.title">
      <source>The request was not accepted</source>
      <translation>The request was not accepted</translation>
    </message>
    <message id="error.backend_refused.body">
      <source>Please ask at the city office, with the error code below.</source>
      <translation>Please ask at the city office, with the error code below.</translation>
    </message>
    <message id="error.timeout.title">
      <source>Session ended</source>
      <translation>Session ended</translation>
    </message>
    <message id="error.timeout.body">
      <source>It ended because nothing happened for a while. Your data has been erased.</source>
      <translation>It ended because nothing happened for a while. Your data has been erased.</translation>
    </message>
    <message id="error.internal.title">
      <source>Something went wrong</source>
      <translation>Something went wrong</translation>
    </message>
    <message id="error.internal.body">
      <source>Nothing was changed. Please press Help for the helpline.</source>
      <translation>Nothing was changed. Please press Help for the helpline.</translation>
    </message>
    <message id="ui.tries_left">
      <source>Tries left: {tries_left}</source>
      <translation>Tries left: {tries_left}</translation>
    </message>
    <message id="ui.tries_left.warn">
      <source>{tries_left} more wrong tries will lock this PIN</source>
      <translation>{tries_left} more wrong tries will lock this PIN</translation>
    </message>
    <message id="ui.tries_left.last">
      <source>Last try: a wrong PIN locks it</source>
      <translation>Last try: a wrong PIN locks it</translation>
    </message>
    <message id="ui.step">
      <source>Step {step} of {total}</source>
      <translation>Step {step} of {total}</translation>
    </message>
    <message id="ui.large_text">
      <source>Larger text</source>
      <translation>Larger text</translation>
    </message>
    <message id="ui.high_contrast">
      <source>High contrast</source>
      <translation>High contrast</translation>
    </message>
    <message id="ui.voice_guide">
      <source>Voice guide</source>
      <translation>Voice guide</translation>
    </message>
    <message id="ui.volume">
      <source>Volume {level}</source>
      <translation>Volume {level}</translation>
    </message>
    <message id="ui.volume.down">
      <source>Volume down</source>
      <translation>Volume down</translation>
    </message>
    <message id="ui.volume.up">
      <source>Volume up</source>
      <translation>Volume up</translation>
    </message>
    <message id="ui.entry.ok">
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message id="ui.entry.delete">
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message id="ui.entry.clear">
      <source>Clear</source>
      <translation>Clear</translation>
    </message>
    <message id="ui.entry.count">
      <source>{count} characters entered</source>
      <translation>{count} characters entered</translation>
    </message>
    <message id="ui.entry.hidden">
      <source>Hidden so no one can read it</source>
      <translation>Hidden so no one can read it</translation>
    </message>
    <message id="ui.entry.shift_hint">
      <source>Capital letters A-Z and digits 0-9</source>
      <translation>Capital letters A-Z and digits 0-9</translation>
    </message>
    <message id="ui.keep_card">
      <source>Do not remove the card</source>
      <translation>Do not remove the card</translation>
    </message>
    <message id="ui.camera.guide">
      <source>Put your face inside the oval</source>
      <translation>Put your face inside the oval</translation>
    </message>
    <message id="ui.camera.photo_guide">
      <source>Your head inside the oval: the frame is the photo</source>
      <translation>Your head inside the oval: the frame is the photo</translation>
    </message>
    <message id="ui.camera.off">
      <source>Camera is starting</source>
      <translation>Camera is starting</translation>
    </message>
    <message id="ui.countdown">
      <source>{seconds} s</source>
      <translation>{seconds} s</translation>
    </message>
    <message id="ui.sex.1">
      <source>Male</source>
      <translation>Male</translation>
    </message>
    <message id="ui.sex.2">
      <source>Female</source>
      <translation>Female</translation>
    </message>
    <message id="ui.sex.9">
      <source>Not stated</source>
      <translation>Not stated</translation>
    </message>
    <message id="ui.field.birth_date">
      <source>Birth date</source>
      <translation>Birth date</translation>
    </message>
    <message id="ui.progress">
      <source>{percent}% done</source>
      <translation>{percent}% done</translation>
    </message>
    <message id="ui.staff.report.queue_pending">
      <source>Waiting to be sent</source>
      <translation>Waiting to be sent</translation>
    </message>
    <message id="ui.staff.report.queue_delivered">
      <source>Sent</source>
      <translation>Sent</translation>
    </message>
    <message id="ui.staff.report.queue_refused">
      <source>Refused by the service</source>
      <translation>Refused by the service</translation>
    </message>
    <message id="ui.staff.report.sessions_total">
      <source>Residents helped</source>
      <translation>Residents helped</translation>
    </message>
    <message id="ui.staff.report.sessions_renewal_submitted">
      <source>Applications accepted</source>
      <translation>Applications accepted</translation>
    </message>
    <message id="ui.staff.report.sessions_renewal_queued">
      <source>Applications saved to send later</source>
      <translation>Applications saved to send later</translation>
    </message>
    <message id="ui.staff.report.sessions_cancelled">
      <source>Stopped by the resident</source>
      <translation>Stopped by the resident</translation>
    </message>
    <message id="ui.staff.report.sessions_timeout">
      <source>Ended for inactivity</source>
      <translation>Ended for inactivity</translation>
    </message>
    <message id="ui.staff.report.sessions_card_removed">
      <source>Card removed</source>
      <translation>Card removed</translation>
    </message>
    <message id="ui.staff.report.sessions_face_refused">
      <source>Face not confirmed</source>
      <translation>Face not confirmed</translation>
    </message>
    <message id="ui.staff.report.sessions_not_genuine">
      <source>Card not verified</source>
      <translation>Card not verified</translation>
    </message>
    <message id="ui.staff.report.sessions_backend_refused">
      <source>Refused by the service</source>
      <translation>Refused by the service</translation>
    </message>
    <message id="ui.staff.report.backend_offline">
      <source>Service figures unavailable (offline)</source>
      <translation>Service figures unavailable (offline)</translation>
    </message>
    <message id="ui.staff.report.backend_renewals_received">
      <source>Applications the service received today</source>
      <translation>Applications the service received today</translation>
    </message>
    <message id="ui.staff.report.backend_pin_resets_confirmed">
      <source>PIN resets the service confirmed today</source>
      <translation>PIN resets the service confirmed today</translation>
    </message>
    <message id="ui.staff.report.backend_other_events">
      <source>Other events the service counted today</source>
      <translation>Other events the service counted today</translation>
    </message>
    <message id="ui.receipt.saved">
      <source>Receipt printed. Please take it.</source>
      <translation>Receipt printed. Please take it.</translation>
    </message>
    <message id="ui.receipt.unavailable">
      <source>This kiosk has no printer. Please note the number on the screen.</source>
      <translation>This kiosk has no printer. Please note the number on the screen.</translation>
    </message>
    <message id="ui.receipt.failed">
      <source>The receipt could not be printed. Please note the number on the screen.</source>
      <translation>The receipt could not be printed. Please note the number on the screen.</translation>
    </message>
    <message id="ui.service_named">
      <source>Service: {service}</source>
      <translation>Service: {service}</translation>
    </message>
    <message id="ui.receipt.reference">
      <source>Reference number</source>
      <translation>Reference number</translation>
    </message>
    <message id="ui.receipt.application_number">
      <source>Application number</source>
      <translation>Application number</translation>
    </message>
    <message id="ui.receipt.no_printer">
      <source>The printer is not available. Please note the number on the screen.</source>
      <translation>The printer is not available. Please note the number on the screen.</translation>
    </message>
    <message id="ui.receipt.out_of_paper">
      <source>The printer is out of paper. Please note the number on the screen.</source>
      <translation>The printer is out of paper. Please note the number on the screen.</translation>
    </message>
    <message id="ui.receipt.printer_stopped">
      <source>The printer is stopped. Please note the number on the screen.</source>
      <translation>The printer is stopped. Please note the number on the screen.</translation>
    </message>
    <message id="ui.entry.date.era">
      <source>{era} {year} / {month} / {day}</source>
      <translation>{era} {year} / {month} / {day}</translation>
    </message>
    <message id="ui.entry.date.western">
      <source>{year} / {month} / {day}</source>
      <translation>{year} / {month} / {day}</translation>
    </message>
    <message id="ui.card.birth_date">
      <source>Birth date</source>
      <translation>Birth date</translation>
    </message>
    <message id="ui.card.expiry_year">
      <source>Valid until (year)</source>
      <translation>Valid until (year)</translation>
    </message>
    <message id="ui.card.security_code">
      <source>Security code</source>
      <translation>Security code</translation>
    </message>
    <message id="ui.card.front">
      <source>Front of the card</source>
      <translation>Front of the card</translation>
    </message>
    <message id="ui.sim.title">
      <source>Simulator</source>
      <translation>Simulator</translation>
    </message>
    <message id="ui.sim.issued">
      <source>Card issued on (YYYY-MM-DD; empty: today)</source>
      <translation>Card issued on (YYYY-MM-DD; empty: today)</translation>
    </message>
    <message id="ui.sim.make_card">
      <source>Make the card</source>
      <translation>Make the card</translation>
    </message>
    <message id="ui.receipt.local_reference">
      <source>Kiosk reference (not sent yet)</source>
      <translation>Kiosk reference (not sent yet)</translation>
    </message>
    <message id="ui.error_code">
      <source>Error code for the helpline: {code}</source>
      <translation>Error code for the helpline: {code}</translation>
    </message>
    <message id="ui.submit.photo">
      <source>The photo for your new card</source>
      <translation>The photo for your new card</translation>
    </message>
    <message id="ui.submit.collection">
      <source>How you receive the card</source>
      <translation>How you receive the card</translation>
    </message>
    <message id="ui.submit.pickup">
      <source>At the city office, {when}</source>
      <translation>At the city office, {when}</translation>
    </message>
    <message id="ui.help">
      <source>Help</source>
      <translation>Help</translation>
    </message>
    <message id="ui.help.title">
      <source>Need help?</source>
      <translation>Need help?</translation>
    </message>
    <message id="ui.help.staffed">
      <source>A member of staff is here: please ask them.</source>
      <translation>A member of staff is here: please ask them.</translation>
    </message>
    <message id="ui.help.national">
      <source>National My Number toll-free line (free of charge)</source>
      <translation>National My Number toll-free line (free of charge)</translation>
    </message>
    <message id="ui.help.site">
      <source>Please call</source>
      <translation>Please call</translation>
    </message>
    <message id="ui.help.code">
      <source>If an error code is on the screen, please tell it to the person you speak to.</source>
      <translation>If an error code is on the screen, please tell it to the person you speak to.</translation>
    </message>
    <message id="ui.help.close">
      <source>Close</source>
      <translation>Close</translation>
    </message>
    <message id="ui.tech.title">
      <source>Technician mode</source>
      <translation>Technician mode</translation>
    </message>
    <message id="ui.tech.pin">
      <source>Technician PIN</source>
      <translation>Technician PIN</translation>
    </message>
    <message id="ui.tech.wrong_pin">
      <source>Wrong technician PIN</source>
      <translation>Wrong technician PIN</translation>
    </message>
    <message id="ui.tech.persona">
      <source>Virtual card persona</source>
      <translation>Virtual card persona</translation>
    </message>
    <message id="ui.tech.insert">
      <source>Insert card</source>
      <translation>Insert card</translation>
    </message>
    <message id="ui.tech.remove">
      <source>Remove card</source>
      <translation>Remove card</translation>
    </message>
    <message id="ui.tech.tap">
      <source>Tap card</source>
      <translation>Tap card</translation>
    </message>
    <message id="ui.tech.card_in">
      <source>Card in the reader</source>
      <translation>Card in the reader</translation>
    </message>
    <message id="ui.tech.card_out">
      <source>No card in the reader</source>
      <translation>No card in the reader</translation>
    </message>
    <message id="ui.tech.faults">
      <source>Faults (e.g. remove@12,delay=0.05)</source>
      <translation>Faults (e.g. remove@12,delay=0.05)</translation>
    </message>
    <message id="ui.tech.apply">
      <source>Apply</source>
      <translation>Apply</translation>
    </message>
    <message id="ui.tech.camera">
      <source>Replay camera source</source>
      <translation>Replay camera source</translation>
    </message>
    <message id="ui.tech.trace">
      <source>APDU trace (redacted)</source>
      <translation>APDU trace (redacted)</translation>
    </message>
    <message id="ui.tech.doctor">
      <source>Run doctor</source>
      <translation>Run doctor</translation>
    </message>
    <message id="ui.tech.doctor_running">
      <source>Running doctor...</source>
      <translation>Running doctor...</translation>
    </message>
    <message id="ui.tech.close">
      <source>Close technician mode</source>
      <translation>Close technician mode</translation>
    </message>
    <message id="ui.tech.back_to_bench">
      <source>Back to the simulator bench</source>
      <translation>Back to the simulator bench</translation>
    </message>
    <message id="ui.tech.area.reader">
      <source>Card reader</source>
      <translation>Card reader</translation>
    </message>
    <message id="ui.tech.area.camera">
      <source>Camera</source>
      <translation>Camera</translation>
    </message>
    <message id="ui.tech.area.printer">
      <source>Receipt printer</source>
      <translation>Receipt printer</translation>
    </message>
    <message id="ui.tech.area.network">
      <source>Network and service</source>
      <translation>Network and service</translation>
    </message>
    <message id="ui.tech.area.outbox">
      <source>Applications waiting to be sent (outbox)</source>
      <translation>Applications waiting to be sent (outbox)</translation>
    </message>
    <message id="ui.tech.area.disk">
      <source>Disk</source>
      <translation>Disk</translation>
    </message>
    <message id="ui.tech.area.clock">
      <source>Clock</source>
      <translation>Clock</translation>
    </message>
    <message id="ui.tech.area.system">
      <source>Software and sound</source>
      <translation>Software and sound</translation>
    </message>
    <message id="ui.tech.error">
      <source>Error: {message}</source>
      <translation>Error: {message}</translation>
    </message>
  </context>
</TS>
